"""What enabling Evlendirme puts in place: the national figures of marriage law (dated,
ministry-maintained, in ``public``), the office's settings row, the common waiver kinds and
an example tariff to replace with the council's own.

The example tariff is Efeler's (RULES §8.6, [C2]/[U]): its rows are marked "U" and their
decision says so, and the settings page shows them as examples until the council's rows
are entered.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from ebelediye.parameters import ParamDef

from .models import Muafiyet, NikahAyari, NikahTarifesi

TMK = "TMK 4721"
NATIONAL_PARAMETERS = [
    ParamDef("evlendirme.ergin_yas", "Evlenme: ergin yaşı (izinsiz evlenme)", "Marriage: age of majority", "yaş", "C",
             ((date(2002, 1, 1), None, "18", f"{TMK} m.11, m.124/1"),)),
    ParamDef("evlendirme.veli_izni_yas", "Evlenme: yasal temsilci izniyle en küçük yaş",
             "Marriage: youngest age with the legal representative's consent", "yaş", "C",
             ((date(2002, 1, 1), None, "17", f"{TMK} m.124/1, m.126"),)),
    ParamDef("evlendirme.mahkeme_izni_yas", "Evlenme: hâkim izniyle en küçük yaş",
             "Marriage: youngest age with a judge's permission", "yaş", "C",
             ((date(2002, 1, 1), None, "16", f"{TMK} m.124/2"),)),
    ParamDef("evlendirme.iddet_gun", "Kadın için bekleme süresi (iddet)", "Waiting period for women", "gün", "C",
             ((date(2002, 1, 1), None, "300", f"{TMK} m.132 (AYM 2025 itirazı reddetti)"),)),
    ParamDef("evlendirme.tanik_yas", "Nikâh tanığının en küçük yaşı", "Youngest age of a ceremony witness", "yaş", "C",
             ((date(2002, 1, 1), None, "18", f"{TMK} m.141; EY m.28"),)),
]

EXAMPLE = "Örnek: Efeler Belediyesi 2026 tarifesi (RULES §8.6); meclis kararınızla değiştirin"
#: (kind, day kind, km from, km to, amount)
EXAMPLE_TARIFF = [
    ("salon", "hafta_ici", None, None, "4000.00"), ("salon", "hafta_sonu", None, None, "5000.00"),
    ("salon", "tatil", None, None, "6000.00"), ("dis", "her_gun", Decimal("0"), Decimal("20"), "7520.00"),
    ("dis", "her_gun", Decimal("20"), None, "10010.00"), ("dis", "tatil", None, None, "8540.00"),
    ("izin_belgesi", "her_gun", None, None, "416.00"),
]
WAIVERS = [
    ("sehit_gazi", "Şehit ve gazi yakınları", "Örnek meclis kararı (Efeler 2025)"),
    ("engelli", "Engelli vatandaşlar", "Örnek meclis kararı (Efeler 2025)"),
    ("ihtiyac", "İhtiyaç sahibi aileler", "Örnek meclis kararı (Efeler 2025)"),
]


def run(session, tenant) -> None:
    """Idempotent: settings once, the example tariff and waivers only into empty tables."""
    if session.scalar(select(func.count()).select_from(NikahAyari)) == 0:
        session.add(NikahAyari(gecerlilik_ay=6, tutma_saat=48, tatilde_nikah=False, hatirlatma_gun=3,
                               yol_dakika_km=Decimal("2.00"), makbuz_on_eki="EVL", online_basvuru=True))
    if session.scalar(select(func.count()).select_from(NikahTarifesi)) == 0:
        for tur, gun_turu, km_alt, km_ust, amount in EXAMPLE_TARIFF:
            session.add(NikahTarifesi(tur=tur, gun_turu=gun_turu, km_alt=km_alt, km_ust=km_ust, tutar=Decimal(amount),
                                      gecerli_baslangic=date(2026, 1, 1), karar=EXAMPLE, kesinlik="U",
                                      olusturan="kurulum"))
    if session.scalar(select(func.count()).select_from(Muafiyet)) == 0:
        for kod, ad, karar in WAIVERS:
            session.add(Muafiyet(kod=kod, ad=ad, karar=karar, aktif=True))
    session.flush()
