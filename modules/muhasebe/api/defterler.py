"""The books as the report pages show them: the journal (yevmiye) a page at a time, an
account's ledger (büyük defter) and the financial tables (bilanço, faaliyet and bütçe
uygulama sonuçları)."""

from __future__ import annotations

from flask.views import MethodView

from ebelediye.access import access
from ebelediye.api import PAGED, paged
from ebelediye.rbac import requires
from ebelediye.web import Pager

from ..schemas import DefterOut, DefterSorguInput, FisOut, TabloInput, TablolarOut, YevmiyeInput
from ..services import rapor
from . import GORUNTULE, aralik, blp, fis_dict

YEVMIYE_SAYFASI = 50


@blp.route("/yevmiye")
class Yevmiye(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.arguments(YevmiyeInput, location="query")
    @blp.response(200, FisOut(many=True), headers=PAGED)
    def get(self, args):
        """The journal: approved vouchers dated baslangic..bitis (default: this year) in number
        order, with their lines, 50 a page."""
        bas, bit = aralik(args)
        vouchers, total = rapor.yevmiye(bas, bit, args["sayfa"], per_page=YEVMIYE_SAYFASI)
        return paged([fis_dict(v, lines) for v, lines in vouchers], Pager(args["sayfa"], total, YEVMIYE_SAYFASI))


@blp.route("/defter")
class Defter(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.arguments(DefterSorguInput, location="query")
    @blp.response(200, DefterOut)
    def get(self, args):
        """An account's ledger with its sub-accounts: the balance brought forward and each
        approved line dated baslangic..bitis with the running balance."""
        bas, bit = aralik(args)
        devir, lines = rapor.buyuk_defter(args["hesap"], bas, bit)
        return {"hesap": args["hesap"], "ad": rapor.adlar().get(args["hesap"], ""), "bas": bas, "bit": bit,
                "devir": devir, "satirlar": lines}


def _kod_tutar(rows, sign: int = 1) -> list[dict]:
    return [{"kod": kod, "tutar": sign * tutar} for kod, tutar in rows]


@blp.route("/tablolar")
class Tablolar(MethodView):
    @access("tenant", "staff")
    @requires(GORUNTULE)
    @blp.arguments(TabloInput, location="query")
    @blp.response(200, TablolarOut)
    def get(self, args):
        """The financial tables of the tablolar page: the balance sheet at bitis, the activity
        results and the budget results for baslangic..bitis (revenue credit-positive)."""
        bas, bit = aralik(args)
        b = rapor.bilanco(bit)
        return {
            "bas": bas, "bit": bit, "donem_sonucu": b.donem_sonucu, "aktif": b.aktif, "pasif": b.pasif,
            "varliklar": [{"kod": k, "ad": ad, "tutar": v} for k, ad, v in b.varliklar],
            "kaynaklar": [{"kod": k, "ad": ad, "tutar": v} for k, ad, v in b.kaynaklar],
            "faaliyet_gelirleri": _kod_tutar(rapor.ekonomik_dagilim("600", bas, bit, 2), -1),
            "faaliyet_giderleri": _kod_tutar(rapor.ekonomik_dagilim("630", bas, bit, 2)),
            "butce_gelirleri": _kod_tutar(rapor.ekonomik_dagilim("800", bas, bit, 2), -1),
            "butce_giderleri": _kod_tutar(rapor.ekonomik_dagilim("830", bas, bit, 2)),
            "giderler_fonksiyonel": _kod_tutar(rapor.kod_dagilimi("830", "fonksiyonel", bas, bit)),
            "giderler_kurumsal": _kod_tutar(rapor.kod_dagilimi("830", "kurumsal", bas, bit)),
        }
