"""``ebelediye.access`` on its own: the rules the front door applies (the route matrix
walks them on every route; these pin each rule down without a request)."""

from types import SimpleNamespace

import pytest
from flask.views import MethodView

from ebelediye import access
from ebelediye.rbac import requires


def user(realm=None, admin=False, signed_in=True):
    return SimpleNamespace(is_authenticated=signed_in, realm=realm, is_tenant_admin=admin)


ANONYMOUS = user(signed_in=False)
STAFF, ADMIN = user("staff"), user("staff", admin=True)
MINISTRY, CITIZEN = user("ministry"), user("citizen")


@pytest.mark.parametrize("who, allowed", [
    ("public", {"anonymous", "staff", "admin", "ministry", "citizen"}),
    ("signed_in", {"staff", "admin", "ministry", "citizen"}),
    ("staff", {"staff", "admin"}),
    ("tenant_admin", {"admin"}),
    ("ministry", {"ministry"}),
    ("citizen", {"citizen"}),
])
def test_who_may_pass(who, allowed):
    people = {"anonymous": ANONYMOUS, "staff": STAFF, "admin": ADMIN, "ministry": MINISTRY, "citizen": CITIZEN}
    assert {name for name, person in people.items() if access.satisfies(person, who)} == allowed


def test_a_user_object_without_the_flags_is_anonymous():
    assert not access.satisfies(object(), "signed_in") and access.satisfies(object(), "public")
    assert not access.satisfies(SimpleNamespace(is_authenticated=True, realm="staff"), "tenant_admin")


def test_declarations_are_checked_when_made():
    for door, who, by_door in (("yok", "public", None), ("tenant", "herkes", None), ("any", "public", {"yok": "staff"}),
                               ("any", "public", {"tenant": "kimse"})):
        with pytest.raises(ValueError):
            access.access(door, who, by_door)
    rule = access.access("any", "public", {"tenant": "staff", "admin": "ministry"})(lambda: None).access
    assert rule == access.Access("any", "public", (("admin", "ministry"), ("tenant", "staff")))
    assert (rule.who_on("tenant"), rule.who_on("admin"), rule.who_on("platform")) == ("staff", "ministry", "public")
    assert access.access("tenant")(lambda: None).access == access.Access("tenant", "public", ())


def test_rules_and_permissions_of_functions_and_of_class_based_views():
    @access.access("tenant", "staff")
    @requires("gelir.x.olustur")
    def page():
        return None

    class Api(MethodView):
        @access.access("tenant", "staff")
        @requires("gelir.x.goruntule")
        def get(self):
            return None

        @access.access("tenant", "tenant_admin")
        def post(self):
            return None

    view = Api.as_view("api")
    assert access.rule_of(page) == access.Access("tenant", "staff") and access.permission_of(page) == "gelir.x.olustur"
    assert access.rule_of(view, "GET").who == "staff" and access.permission_of(view, "GET") == "gelir.x.goruntule"
    assert access.rule_of(view, "POST").who == "tenant_admin" and access.permission_of(view, "POST") is None
    assert access.rule_of(view, "DELETE") is None and access.permission_of(view, "DELETE") is None
    assert access.rule_of(None) is None and access.rule_of(lambda: None) is None
    assert access.permission_of(None) is None
