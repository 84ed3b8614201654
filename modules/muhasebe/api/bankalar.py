"""Bank statements as the bank pages handle them: import (the file's text), a statement
with its lines, the unmatched lines with suggestions, matching again, matching by hand and
undoing a match; the sent payment orders a money-out line may be the debit of, and the
bank's debit of one prepared as a draft (103 B / 102 A); the same for a payroll İK paid by
gönderme emri (320 B / 103 A)."""

from __future__ import annotations

from flask.views import MethodView

from ebelediye.access import access
from ebelediye.rbac import requires
from ebelediye.web import actor, actor_id

from ..schemas import (
    BankaCikisiInput,
    BordroCikisiInput,
    BordroOdemesiOut,
    EkstreAyrintiOut,
    EkstreInput,
    EkstreOut,
    EkstreSatiriOut,
    ElleEslestirInput,
    EslesenOut,
    EslesmeyenOut,
    FisOut,
    GonderilmisEmirOut,
)
from ..services import banka
from . import GORUNTULE, HAZIRLA, blp, fis_out

EKSTRE_ALANLARI = ("id", "hesap_kod", "bicim", "dosya_adi", "satir_sayisi", "ekstre_no", "acilis_bakiye",
                   "kapanis_bakiye", "olusturan", "created_at")


def _ekstre(row) -> dict:
    return {**{k: getattr(row, k) for k in EKSTRE_ALANLARI}, "eslesmeyen": banka.eslesmeyen_sayisi(row.id)}


@blp.route("/banka/ekstreler")
class Ekstreler(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, EkstreOut(many=True))
    def get(self):
        """The latest 30 statements with how many of their lines are unmatched."""
        return [_ekstre(row) for row in banka.ekstreler()]

    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.arguments(EkstreInput)
    @blp.response(201, EkstreOut)
    def post(self, data):
        """Import a statement into a 102 account: ``bicim`` ``mt940`` (the bank's SWIFT MT940
        file: its ``:25:`` must be the account's recorded IBAN, currency TRY, each statement's
        opening balance plus its lines equal to its closing balance), ``basit`` or ``mt940_csv``
        (CSV layouts). Every line checked (a bad one refuses the whole file, 422 with
        ``errors["satir.N"]``), never the same file twice (409); what can be matched is matched."""
        row = banka.ice_al(data["icerik"].encode("utf-8"), data["bicim"], data["hesap_kod"], actor=actor(),
                           dosya_adi=data["dosya_adi"])
        return _ekstre(row)


@blp.route("/banka/ekstreler/<int:ekstre_id>")
class Ekstre(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, EkstreAyrintiOut)
    def get(self, ekstre_id: int):
        """A statement with its lines and their matches."""
        row = banka.ekstre(ekstre_id)
        return {**_ekstre(row), "satirlar": banka.satirlar(row.id)}


@blp.route("/banka/ekstreler/<int:ekstre_id>/eslesmeyenler")
class Eslesmeyenler(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, EslesmeyenOut(many=True))
    def get(self, ekstre_id: int):
        """The statement's unmatched lines, each with the voucher lines it could be matched to."""
        return [{"satir": line, "oneriler": [{"fis_satiri_id": s.id, "fis_id": f.id, "numara": f.numara,
                                              "tarih": s.tarih, "hesap_kod": s.hesap_kod, "borc": s.borc,
                                              "alacak": s.alacak, "aciklama": s.aciklama or f.aciklama}
                                             for s, f in suggestions]}
                for line, suggestions in banka.eslesmeyenler(ekstre_id)]


@blp.route("/banka/ekstreler/<int:ekstre_id>/eslestir")
class Eslestir(MethodView):
    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.response(200, EslesenOut)
    def post(self, ekstre_id: int):
        """Run the matching again (vouchers approved since the import may match now)."""
        banka.ekstre(ekstre_id)
        return {"eslesen": banka.yeniden_eslestir(ekstre_id, actor=actor())}


@blp.route("/banka/satirlar/<int:satir_id>/eslestir")
class ElleEslestir(MethodView):
    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.arguments(ElleEslestirInput)
    @blp.response(200, EkstreSatiriOut)
    def post(self, data, satir_id: int):
        """Match a line by hand to an approved, unmatched voucher line of the account with the
        same amount and side (up to 31 days apart)."""
        return banka.elle_eslestir(satir_id, data["fis_satiri_id"], actor=actor())


@blp.route("/banka/satirlar/<int:satir_id>/kaldir")
class EslesmeKaldir(MethodView):
    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.response(200, EkstreSatiriOut)
    def post(self, satir_id: int):
        """Undo a line's match (audited); the line is unmatched again."""
        return banka.eslesme_kaldir(satir_id, actor=actor())


@blp.route("/banka/satirlar/<int:satir_id>/odeme-emirleri")
class GonderilmisEmirler(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, GonderilmisEmirOut(many=True))
    def get(self, satir_id: int):
        """The sent payment orders (in a bank file, approved, not debited yet) of a money-out
        line's amount, up to 31 days before it; empty for a matched or money-in line."""
        return [{"odeme_emri": o, "fis_id": f.id, "fis_no": f.numara, "tarih": f.tarih}
                for o, f in banka.odeme_onerileri(satir_id)]


@blp.route("/banka/satirlar/<int:satir_id>/odeme-emri")
class BankaCikisi(MethodView):
    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.arguments(BankaCikisiInput)
    @blp.response(201, FisOut)
    def post(self, data, satir_id: int):
        """Prepare the bank's debit of a sent payment order from an unmatched money-out line:
        a draft 103 B / 102 A on the statement's day, approved by another person (409 when the
        order's debit exists already)."""
        return fis_out(banka.banka_cikisi(satir_id, data["odeme_emri_id"], actor=actor(), actor_id=actor_id()).id)


@blp.route("/banka/satirlar/<int:satir_id>/bordro-odemeleri")
class BordroOdemeleri(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, BordroOdemesiOut(many=True))
    def get(self, satir_id: int):
        """The payroll payments by gönderme emri (İK's ``payroll_paid``, 320 B / 103 A, approved,
        not reversed, not debited yet) whose 103 credit is a money-out line's amount, up to 31
        days before it; empty for a matched or money-in line."""
        return [{"fis_id": f.id, "fis_no": f.numara, "tarih": f.tarih, "tutar": t, "aciklama": f.aciklama,
                 "kaynak": f.kaynak} for f, t in banka.bordro_onerileri(satir_id)]


@blp.route("/banka/satirlar/<int:satir_id>/bordro-odemesi")
class BordroCikisi(MethodView):
    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.arguments(BordroCikisiInput)
    @blp.response(201, FisOut)
    def post(self, data, satir_id: int):
        """Prepare the bank's debit of a payroll payment from an unmatched money-out line: a
        draft 103 B / 102 A on the statement's day, approved by another person (409 when the
        payment's debit exists already)."""
        return fis_out(banka.bordro_banka_cikisi(satir_id, data["bordro_fis_id"], actor=actor(),
                                                 actor_id=actor_id()).id)
