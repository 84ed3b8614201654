"""Staff screen of the KVKK trail: who looked up whose data at which agency, and why.

Needs the ``cekirdek.kvkk.goruntule`` permission (tenant admins and the built-in auditor
role have it).
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template, request

from ..access import access
from ..extensions import db
from ..rbac import requires
from ..urls import page_number
from . import kvkk, purposes, validation
from .errors import AGENCY_NAMES, InvalidInput

bp = Blueprint("connectors", __name__, url_prefix="/kvkk", template_folder="templates")
PAGE = 50


@bp.route("/sorgular")
@access("tenant", "staff")
@requires("cekirdek.kvkk.goruntule")
def lookups():
    raw = {k: request.args.get(k, "").strip() for k in ("kimlik", "kim", "kurum", "amac", "sonuc", "baslangic", "bitis")}
    errors: dict[str, str] = {}
    filters = kvkk.LookupFilters(actor=raw["kim"])
    if raw["kimlik"]:
        try:
            filters.kimlik = validation.tckn_or_vkn(raw["kimlik"])
        except InvalidInput as exc:
            errors["kimlik"] = exc.message_tr
    for key, attr, choices in (("kurum", "agency", AGENCY_NAMES), ("amac", "purpose", purposes.PURPOSES),
                               ("sonuc", "outcome", kvkk.OUTCOMES)):
        if raw[key]:
            if raw[key] in choices:
                setattr(filters, attr, raw[key])
            else:
                errors[key] = "Listeden bir değer seçin."
    for key, attr in (("baslangic", "start"), ("bitis", "end")):
        if raw[key]:
            try:
                setattr(filters, attr, date.fromisoformat(raw[key]))
            except ValueError:
                errors[key] = "Tarih YYYY-AA-GG biçiminde olmalı."
    page = page_number()
    pagination = db.paginate(kvkk.lookups_query(filters), page=page, per_page=PAGE, error_out=False)
    agencies = {k: v[0] for k, v in AGENCY_NAMES.items() if k not in ("edevlet", "pos")}  # no personal data
    return render_template("connectors/lookups.html", pagination=pagination, filters=raw, errors=errors,
                           agencies=agencies, outcomes=kvkk.OUTCOMES,
                           purpose_options=[(k, v[0]) for k, v in purposes.PURPOSES.items()],
                           query_args={k: v for k, v in raw.items() if v}), 422 if errors else 200
