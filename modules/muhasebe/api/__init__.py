"""Muhasebe's JSON API under ``/api/v1/muhasebe`` (flask-smorest): vouchers (prepare,
approve, reverse), the chart of accounts and the mizan, with the same inputs and services
as the staff pages.  A refused request answers the platform's one error shape and writes
nothing."""

from __future__ import annotations

from datetime import date

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from ebelediye.access import access
from ebelediye.api import PAGED, paged
from ebelediye.rbac import requires
from ebelediye.web import Pager, actor, actor_id, today

from ..schemas import (
    AltHesapInput,
    AralikInput,
    AramaInput,
    ButceKalemiOut,
    FaturaInput,
    FaturaOut,
    FisInput,
    FisOut,
    FisOzetOut,
    HesapIbanInput,
    HesapOut,
    KesinHesapOut,
    KesintiAyiInput,
    KesintiAyiOut,
    MizanOut,
    MutabakatOut,
    OdemeEmriInput,
    OdemeEmriOut,
    TedarikciInput,
    TedarikciOut,
    VergiGunuInput,
    VergiSecenekleriOut,
    satirlar_of,
)
from ..services import borclar, butce, fis, hesaplar, kesin_hesap, mutabakat, rapor, vergi

blp = Blueprint("muhasebe_api", __name__, url_prefix="/api/v1/muhasebe",
                description="Muhasebe: fişler, hesap planı, mizan, defterler, bütçe, dönemler, borçlar (MİBMY)")

GORUNTULE, HAZIRLA, ONAYLA, HESAP = ("muhasebe.goruntule", "muhasebe.fis.hazirla", "muhasebe.fis.onayla",
                                     "muhasebe.hesap.yonet")
FIS_SAYFASI = TEDARIKCI_SAYFASI = 25


FIS_ALANLARI = ("id", "yil", "no", "numara", "tur", "tarih", "aciklama", "durum", "kaynak", "ters_fis_id", "toplam",
                "hazirlayan", "onaylayan")


def fis_dict(row, satirlar) -> dict:
    """A voucher and its lines as ``FisOut`` answers them."""
    return {**{k: getattr(row, k) for k in FIS_ALANLARI}, "satirlar": satirlar}


def fis_out(fis_id: int) -> dict:
    row = fis.fis(fis_id)
    return fis_dict(row, fis.satirlari(row.id))


@blp.route("/fisler")
class Fisler(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.arguments(AramaInput, location="query")
    @blp.response(200, FisOzetOut(many=True), headers=PAGED)
    def get(self, args):
        """Vouchers, newest first, 25 a page: searched by description, source, preparer or number, by state."""
        rows, total = fis.ara(args["ara"], args["durum"], page=args["sayfa"], per_page=FIS_SAYFASI)
        return paged(rows, Pager(args["sayfa"], total, FIS_SAYFASI))

    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.arguments(FisInput)
    @blp.response(201, FisOut)
    def post(self, data):
        """Prepare a voucher (a draft): it must balance, on active accounts, in an open month."""
        row = fis.hazirla(data["tarih"], satirlar_of(data), actor=actor(), actor_id=actor_id(), tur=data["tur"],
                          aciklama=data["aciklama"])
        return fis_out(row.id)


@blp.route("/fisler/<int:fis_id>")
class FisView(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, FisOut)
    def get(self, fis_id: int):
        """A voucher with its lines."""
        return fis_out(fis_id)


@blp.route("/fisler/<int:fis_id>/onay")
class Onay(MethodView):
    @access("tenant", "staff")
    @requires(ONAYLA)
    @blp.response(200, FisOut)
    def post(self, fis_id: int):
        """Approve a draft (not by its preparer): it gets its yearly number and never changes."""
        fis.onayla(fis_id, actor=actor(), actor_id=actor_id())
        return fis_out(fis_id)


@blp.route("/fisler/<int:fis_id>/ters")
class Ters(MethodView):
    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.response(201, FisOut)
    def post(self, fis_id: int):
        """Prepare the reversing voucher of an approved one (to be approved by someone else)."""
        row = fis.ters_kayit(fis_id, actor=actor(), actor_id=actor_id(), tarih=today())
        return fis_out(row.id)


@blp.route("/fisler/<int:fis_id>/iptal")
class Iptal(MethodView):
    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.response(200, FisOut)
    def post(self, fis_id: int):
        """Cancel a draft that will not be approved (kept, never deleted; an approved one is reversed)."""
        fis.iptal(fis_id, actor=actor())
        return fis_out(fis_id)


@blp.route("/hesaplar")
class Hesaplar(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, HesapOut(many=True))
    def get(self):
        """The chart of accounts."""
        return hesaplar.hesaplar()

    @access("tenant", "staff")
    @requires(HESAP)
    @blp.arguments(AltHesapInput)
    @blp.response(201, HesapOut)
    def post(self, data):
        """Add a sub-account (``102.01``) under the account its code extends; a bank
        sub-account (102) may carry its IBAN, which an MT940 statement's ``:25:`` must name."""
        return hesaplar.alt_hesap_ekle(data["kod"], data["ad"], actor=actor(), iban=data.get("iban"))


@blp.route("/hesaplar/<string:kod>/iban")
class HesapIban(MethodView):
    @access("tenant", "staff")
    @requires(HESAP)
    @blp.arguments(HesapIbanInput)
    @blp.response(200, HesapOut)
    def post(self, data, kod: str):
        """Record a bank account's (102 or a sub-account) IBAN, or remove it (``iban`` absent or
        empty); one account per IBAN (409). An MT940 statement is imported into the account only
        when its ``:25:`` names this IBAN."""
        return hesaplar.iban_kaydet(kod, data.get("iban"), actor=actor())


@blp.route("/mizan")
class MizanView(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.arguments(AralikInput, location="query")
    @blp.response(200, MizanOut)
    def get(self, args):
        """The trial balance of approved vouchers dated baslangic..bitis (default: this year)."""
        bas, bit = aralik(args)
        m = rapor.mizan(bas, bit)
        return {"bas": m.bas, "bit": m.bit, "borc": m.borc, "alacak": m.alacak, "satirlar": m.satirlar,
                "kontroller": m.kontroller}


class _YilArgs(Schema):
    yil = fields.Integer(load_default=None, validate=validate.Range(min=2000, max=2100))


@blp.route("/butce")
class Butce(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.arguments(_YilArgs, location="query")
    @blp.response(200, ButceKalemiOut(many=True))
    def get(self, args):
        """The year's budget lines (tertip) with appropriation, use and what is left."""
        return butce.kalemler(args["yil"] or today().year)


@blp.route("/kesin-hesap")
class KesinHesap(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.arguments(_YilArgs, location="query")
    @blp.response(200, KesinHesapOut)
    def get(self, args):
        """The year's kesin hesap tables: gider (appropriation, added, transfers, total, spent,
        cancelled or left) and gelir (accrued, collected, refunded, net) by economic code."""
        return kesin_hesap.kesin_hesap(args["yil"] or today().year)


def aralik(args: dict) -> tuple[date, date]:
    end = args.get("bitis") or today()
    start = args.get("baslangic") or date(end.year, 1, 1)
    if start > end:
        start, end = end, start
    return start, end


# --- payables and the reconciliation ----------------------------------------------------

FATURA_ALANLARI = ("id", "tedarikci_id", "fatura_no", "fatura_tarihi", "tutar", "kalem_id", "fis_id", "matrah",
                   "kdv_turu", "kdv_orani", "kdv", "odenecek")


def _fatura_out(row) -> dict:
    state = borclar.fatura_durumu(row)
    return {**{k: getattr(row, k) for k in FATURA_ALANLARI},
            "fis_durumu": state["fis"], "odeme_emri": state["odeme_emri"], "acik": state["acik"],
            "kesintiler": vergi.kesintiler(row.id)}


@blp.route("/tedarikciler")
class Tedarikciler(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.arguments(AramaInput, location="query")
    @blp.response(200, TedarikciOut(many=True), headers=PAGED)
    def get(self, args):
        """Suppliers, 25 a page, searched by name or VKN/TCKN."""
        rows, total = borclar.tedarikciler(args["ara"], args["sayfa"], per_page=TEDARIKCI_SAYFASI)
        return paged(rows, Pager(args["sayfa"], total, TEDARIKCI_SAYFASI))

    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.arguments(TedarikciInput)
    @blp.response(201, TedarikciOut)
    def post(self, data):
        """Register a supplier (VKN or TCKN and IBAN checked)."""
        return borclar.tedarikci_kaydet(data["kimlik_no"], data["unvan"], data["iban"], data["adres"], actor=actor())


@blp.route("/tedarikciler/<int:tedarikci_id>")
class TedarikciView(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, TedarikciOut)
    def get(self, tedarikci_id: int):
        """A supplier."""
        return borclar.tedarikci(tedarikci_id)


@blp.route("/tedarikciler/<int:tedarikci_id>/faturalar")
class Faturalar(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, FaturaOut(many=True))
    def get(self, tedarikci_id: int):
        """A supplier's invoices with what is ordered and open of each."""
        borclar.tedarikci(tedarikci_id)
        return [_fatura_out(f) for f in borclar.faturalar(tedarikci_id)]

    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.arguments(FaturaInput)
    @blp.response(201, FaturaOut)
    def post(self, data, tedarikci_id: int):
        """Record an invoice and prepare its ÖEB on the budget line (approved by someone else)."""
        row = borclar.fatura_kaydet(tedarikci_id, data["fatura_no"], data["fatura_tarihi"], data["tutar"],
                                    data["kalem_id"], actor=actor(), actor_id=actor_id(),
                                    gider_ekonomik=data["gider_ekonomik"], aciklama=data["aciklama"],
                                    **{k: data[k] for k in VERGI_ALANLARI})
        return _fatura_out(row)


VERGI_ALANLARI = ("matrah", "kdv_turu", "tevkifat", "damga", "stopaj", "kdv", "odenecek")
KESINTI_SAYFASI = 50


@blp.route("/fatura-vergileri")
class FaturaVergileri(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.arguments(VergiGunuInput, location="query")
    @blp.response(200, VergiSecenekleriOut)
    def get(self, args):
        """The KDV rates, KDV tevkifat kinds (KDV GUT item, GİB code), damga and stopaj kinds
        with the rate or fraction in force on ``tarih`` (default today; null where none is entered)."""
        return vergi.secenekler(args["tarih"] or today())


@blp.route("/vergi-kesintileri")
class VergiKesintileri(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.arguments(KesintiAyiInput, location="query")
    @blp.response(200, KesintiAyiOut, headers=PAGED)
    def get(self, args):
        """The month's withholdings from invoices with a standing approved ÖEB (default: this
        month): the totals per tax and kind (what the KDV 2 and muhtasar returns take) and the
        rows one by one, 50 a page."""
        gun = today()
        yil, ay = args["yil"] or gun.year, args["ay"] or gun.month
        rows, total = vergi.ay_satirlari(yil, ay, args["sayfa"], KESINTI_SAYFASI)
        return paged({"yil": yil, "ay": ay, "ozet": vergi.ay_ozeti(yil, ay), "satirlar": rows},
                     Pager(args["sayfa"], total, KESINTI_SAYFASI))


@blp.route("/faturalar/<int:fatura_id>/odeme-emri")
class OdemeEmri(MethodView):
    @access("tenant", "staff")
    @requires(HAZIRLA)
    @blp.arguments(OdemeEmriInput)
    @blp.response(201, OdemeEmriOut)
    def post(self, data, fatura_id: int):
        """A payment order (draft gönderme emri, 320 B / 103 A) for an approved invoice's open part."""
        return borclar.odeme_emri(fatura_id, data["tutar"], data["tarih"], actor=actor(), actor_id=actor_id())


@blp.route("/mutabakat")
class Mutabakat(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, MutabakatOut(many=True))
    def get(self):
        """The latest reconciliations (120 with Gelir's open debts, 320 with the open payables, 100 with
        the cash desks), newest first."""
        return mutabakat.tum_gecmis()

    @access("tenant", "staff")
    @requires(ONAYLA)
    @blp.response(201, MutabakatOut)
    def post(self):
        """Reconcile 120 with Gelir's open debts as of the end of yesterday, now."""
        return mutabakat.calistir(actor=actor())


@blp.route("/mutabakat/<int:mutabakat_id>")
class MutabakatAyrinti(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.response(200, MutabakatOut)
    def get(self, mutabakat_id: int):
        """One reconciliation with the documents that cause its difference."""
        return mutabakat.kayit(mutabakat_id)


@blp.route("/mutabakat/borclar")
class Mutabakat320(MethodView):
    @access("tenant", "staff")
    @requires(ONAYLA)
    @blp.response(201, MutabakatOut)
    def post(self):
        """Reconcile 320 with the open payables (per invoice) as of the end of yesterday, now."""
        return mutabakat.calistir_320(actor=actor())


@blp.route("/mutabakat/kasa")
class Mutabakat100(MethodView):
    @access("tenant", "staff")
    @requires(ONAYLA)
    @blp.response(201, MutabakatOut)
    def post(self):
        """Reconcile 100 Kasa with the cash Gelir's cash desks hold as of the end of yesterday, now
        (409 where Gelir is not enabled)."""
        return mutabakat.calistir_100(actor=actor())


from . import (  # noqa: E402,F401  (routes)
    bankalar,
    defterler,
    donemler,
    geri_aktarimlar,
    mali_istatistik,
    odemeler,
    odenekler,
)
