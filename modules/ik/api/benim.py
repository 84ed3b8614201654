"""Self-service for any signed-in staff member, as ``/ik/benim``: their own staff record
(matched by the account's e-mail), payslips of closed runs, leave balance and requests, and
a leave request.  Someone without a staff record gets 404."""

from __future__ import annotations

from flask.views import MethodView
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import Schema, fields

from ebelediye.access import access
from ebelediye.errors import NotFound
from ebelediye.web import actor

from ..schemas import IzinTalepInput
from ..services import bordro, izin, personel
from . import IzinTalebiSchema, PersonelSchema, SatirSchema, blp


class BordromSchema(SatirSchema):
    bordro_id = fields.Integer()
    bordro_turu = fields.String(metadata={"description": "asil | fark"})


class BenimSchema(Schema):
    personel = fields.Nested(PersonelSchema)
    bordrolar = fields.List(fields.Nested(BordromSchema))
    izin_bakiyesi = fields.Integer()
    izin_talepleri = fields.List(fields.Nested(IzinTalebiSchema))


def _me():
    row = personel.epostadan(current_user.email)
    if row is None:
        raise NotFound(_l("Hesabınızın e-posta adresiyle eşleşen bir personel kaydı yok; insan kaynaklarına başvurun."))
    return row


@blp.route("/benim")
class Benim(MethodView):
    @access("tenant", "staff")
    @blp.response(200, BenimSchema)
    def get(self):
        """My staff record, my payslips of closed runs (newest first), my leave balance and requests."""
        me = _me()
        slips = [{**{c.key: getattr(s, c.key) for c in s.__table__.columns}, "bordro_id": b.id,
                  "bordro_turu": b.tur} for s, b in bordro.bordrolarim(me.id)]
        return {"personel": me, "bordrolar": slips, "izin_bakiyesi": izin.bakiye(me.id),
                "izin_talepleri": izin.talepler(personel_id=me.id)}


@blp.route("/benim/izin")
class BenimIzin(MethodView):
    @access("tenant", "staff")
    @blp.arguments(IzinTalepInput)
    @blp.response(201, IzinTalebiSchema)
    def post(self, data):
        """Ask for leave for myself (refused beyond the balance); my manager decides."""
        return izin.talep(_me().id, data["tur"], data["baslangic"], data["bitis"], aciklama=data["aciklama"],
                          actor=actor())
