"""The platform: tenant lifecycle, provisioning, migrations, the ministry console, CLI.

``init_app`` is wired into the core by the ``PLATFORM`` setting; the core never imports
this package.
"""

from __future__ import annotations

from flask import Flask, g


def init_app(app: Flask) -> None:
    from ebelediye import identity
    from ebelediye.extensions import db, login_manager

    from . import models  # noqa: F401  (registers the platform tables)
    from .cli import tenants_cli
    from .console import bp as console_bp
    from .directory import SqlTenantDirectory

    app.extensions["ebelediye.tenants"] = SqlTenantDirectory()
    from flask_babel import gettext

    app.add_template_filter(lambda state: gettext(models.STATE_LABELS.get(state, state)), "state_label")
    app.register_blueprint(console_bp)
    login_manager.blueprint_login_views["console"] = "console.login"
    app.cli.add_command(tenants_cli)

    def load_ministry_user(local_id: str):
        # A ministry session counts only on the console's own host.
        if g.get("front_door") != "admin" or not local_id.isdigit():
            return None
        return db.session.get(models.MinistryUser, int(local_id))

    identity.realm_loaders["ministry"] = load_ministry_user
