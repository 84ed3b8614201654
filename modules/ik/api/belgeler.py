"""A person's özlük dosyası through the API, as the pages offer it: the document kinds, a
person's documents a page at a time (by kind), an upload (JSON with the file as base64:
flask-smorest documents a JSON body exactly, and the same schema checks it), a document's
details and its bytes, the "geçersiz" mark, the documents whose validity ends soon, and the
employee's own documents."""

from __future__ import annotations

from flask import Response
from flask.views import MethodView
from marshmallow import Schema, fields

from ebelediye.access import access
from ebelediye.api import PAGED, paged
from ebelediye.rbac import requires
from ebelediye.web import Pager, actor, attachment, today

from ..schemas import BelgeAramaInput, BelgeTuruInput, BelgeYukleInput, GecersizInput
from ..services import ozluk, personel
from . import GORUNTULE, YONET, blp
from .benim import _me

SAYFA, YAKLASAN_SAYFASI = 20, 25
BINARY = {"schema": {"type": "string", "format": "binary"}}
DOSYA = {"responses": {"200": {"content": {"application/pdf": BINARY, "image/jpeg": BINARY, "image/png": BINARY}}}}


def indir(row) -> Response:
    """The document's bytes as a download, with the type found on upload (never sniffed)."""
    return attachment(row.icerik, row.dosya_adi, row.icerik_turu, private=True, fallback=f"belge-{row.id}")


class BelgeTuruSchema(Schema):
    id = fields.Integer()
    kod = fields.String()
    ad = fields.String()
    sureli = fields.Boolean(metadata={"description": "bu türde belgenin geçerlilik bitişi olur"})


class BelgeSchema(Schema):
    id = fields.Integer()
    personel_id = fields.Integer()
    tur_id = fields.Integer()
    tur = fields.String(metadata={"description": "belge türünün adı"})
    dosya_adi = fields.String()
    icerik_turu = fields.String(metadata={"description": "application/pdf | image/jpeg | image/png"})
    boyut = fields.Integer(metadata={"description": "bayt"})
    sha256 = fields.String()
    belge_tarihi = fields.Date()
    gecerlilik_bitis = fields.Date(allow_none=True)
    aciklama = fields.String()
    olusturan = fields.String()
    created_at = fields.DateTime()
    gecersiz = fields.Boolean()
    gecersiz_at = fields.DateTime(allow_none=True)
    gecersiz_eden = fields.String(allow_none=True)
    gecersiz_nedeni = fields.String(allow_none=True)


def _out(row, tur=None) -> dict:
    names = {c.key for c in row.__table__.columns} - {"icerik"}
    out = {key: getattr(row, key) for key in names}
    if tur is None:
        tur = next((t for t in ozluk.turler() if t.id == row.tur_id), None)
    return {**out, "tur": tur.ad if tur else "", "gecersiz": row.gecersiz_at is not None}


@blp.route("/belge-turleri")
class BelgeTurleri(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, BelgeTuruSchema(many=True))
    def get(self):
        """The kinds of personnel document (the usual ones and the office's own)."""
        return ozluk.turler()

    @access("tenant", "staff")
    @requires(YONET)
    @blp.arguments(BelgeTuruInput)
    @blp.response(201, BelgeTuruSchema)
    def post(self, data):
        """A kind of document of the office's own (a name used already is 422 ``ad``)."""
        return ozluk.tur_ekle(data["ad"], sureli=data["sureli"], actor=actor())


@blp.route("/personel/<int:personel_id>/belgeler")
class Belgeler(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.arguments(BelgeAramaInput, location="query")
    @blp.response(200, BelgeSchema(many=True), headers=PAGED)
    def get(self, args, personel_id: int):
        """A person's documents, newest first (withdrawn ones too, marked), by kind, 20 a page."""
        row = personel.personel(personel_id)
        rows, total = ozluk.belgeler(row.id, tur_id=args["tur"], sayfa=args["sayfa"], boyut=SAYFA)
        return paged([_out(b, t) for b, t in rows], Pager(args["sayfa"], total, SAYFA))

    @access("tenant", "staff")
    @requires(YONET)
    @blp.arguments(BelgeYukleInput)
    @blp.response(201, BelgeSchema)
    def post(self, data, personel_id: int):
        """Put a document in a person's file: PDF, JPEG or PNG by its bytes, at most the office's
        limit (default 5 MB); the same file twice for one person is 409."""
        row = ozluk.yukle(personel.personel(personel_id).id, data["icerik"], data["dosya_adi"],
                          tur_id=data["tur_id"], belge_tarihi=data["belge_tarihi"],
                          gecerlilik_bitis=data["gecerlilik_bitis"], aciklama=data["aciklama"], actor=actor())
        return _out(row)


@blp.route("/personel/<int:personel_id>/belgeler/<int:belge_id>")
class BelgeBilgisi(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, BelgeSchema)
    def get(self, personel_id: int, belge_id: int):
        """A document's details (another person's document is 404)."""
        return _out(ozluk.belge(personel.personel(personel_id).id, belge_id))


@blp.route("/personel/<int:personel_id>/belgeler/<int:belge_id>/icerik")
class BelgeIcerigi(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, {"type": "string", "format": "binary"}, content_type="application/pdf")
    @blp.doc(**DOSYA)
    def get(self, personel_id: int, belge_id: int):
        """The document's bytes as an attachment, with its content type (PDF, JPEG or PNG)."""
        return indir(ozluk.belge(personel.personel(personel_id).id, belge_id))


@blp.route("/personel/<int:personel_id>/belgeler/<int:belge_id>/gecersiz")
class BelgeGecersiz(MethodView):
    @access("tenant", "staff")
    @requires(YONET)
    @blp.arguments(GecersizInput)
    @blp.response(200, BelgeSchema)
    def post(self, data, personel_id: int, belge_id: int):
        """Mark a document "geçersiz" (superseded, withdrawn) with a reason: it stays listed; 409 once marked."""
        return _out(ozluk.gecersiz_kil(personel.personel(personel_id).id, belge_id, data["neden"], actor=actor()))


class YaklasanSchema(BelgeSchema):
    sicil_no = fields.String()
    ad_soyad = fields.String()


class SayfaInput(BelgeAramaInput):
    class Meta:
        exclude = ("tur",)


@blp.route("/belgeler/suresi-dolan")
class YaklasanBelgeler(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.arguments(SayfaInput, location="query")
    @blp.response(200, YaklasanSchema(many=True), headers=PAGED)
    def get(self, args):
        """Documents in force of working staff whose validity ends within 30 days, soonest first, 25 a page."""
        rows, total = ozluk.yaklasanlar(today(), sayfa=args["sayfa"], boyut=YAKLASAN_SAYFASI)
        return paged([{**_out(b, t), "sicil_no": p.sicil_no, "ad_soyad": p.ad_soyad} for b, t, p in rows],
                     Pager(args["sayfa"], total, YAKLASAN_SAYFASI))


@blp.route("/benim/belgeler")
class BenimBelgeler(MethodView):
    @access("tenant", "staff")
    @blp.arguments(SayfaInput, location="query")
    @blp.response(200, BelgeSchema(many=True), headers=PAGED)
    def get(self, args):
        """My own personnel documents, newest first, 20 a page (read only)."""
        me = _me()
        rows, total = ozluk.belgeler(me.id, sayfa=args["sayfa"], boyut=SAYFA)
        return paged([_out(b, t) for b, t in rows], Pager(args["sayfa"], total, SAYFA))


@blp.route("/benim/belgeler/<int:belge_id>/icerik")
class BenimBelgeIcerigi(MethodView):
    @access("tenant", "staff")
    @blp.response(200, {"type": "string", "format": "binary"}, content_type="application/pdf")
    @blp.doc(**DOSYA)
    def get(self, belge_id: int):
        """One of my documents' bytes as an attachment."""
        return indir(ozluk.belge(_me().id, belge_id))
