"""What enabling Gelir puts in place: the national parameters (ministry-maintained, in
``public``) and the municipality's revenue kinds, due-date calendar and starting tariffs.

Every figure comes from ../shared/domain/RULES.md with its certainty mark; [U] figures are
examples to be replaced from the official tables, and the screens flag them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select, text

from ebelediye.parameters import ParamDef

from .models import GelirAyari, GelirTuru, Tarife, VadeTakvimi, YapilandirmaKampanyasi

OPEN = None
_YIL_SONU_2022 = date(2022, 12, 31)
RG_1319 = "1319 sayılı Emlak Vergisi Kanunu m.8, m.18"


def _yearly(values: dict[int, str], source: str) -> tuple:
    return tuple((date(year, 1, 1), date(year, 12, 31), value, source) for year, value in sorted(values.items()))


# The late-fee rate history, RULES §5.2: each row in force until the next one starts.
_GZ = [
    (date(2006, 4, 21), "2.50", "BKK 2006"), (date(2009, 11, 19), "1.95", "BKK 2009"),
    (date(2010, 10, 19), "1.40", "BKK 2010/965"), (date(2018, 9, 5), "2.00", "CBK 62"),
    (date(2019, 7, 1), "2.50", "CK 1266"), (date(2019, 10, 2), "2.00", "CK 1592"),
    (date(2019, 12, 30), "1.60", "CK 1947 (RG 30994)"), (date(2022, 7, 21), "2.50", "CK 5801 (RG 31899)"),
    (date(2023, 11, 14), "3.50", "CK 7782 (RG 32369)"), (date(2024, 5, 21), "4.50", "CK 8484 (RG 32552)"),
    (date(2025, 11, 13), "3.70", "CK 10556 (RG 33076)"),
]


# Tecil faizi, yearly %, each row in force until the next one starts (pwc.com.tr "Tecil
# faizi oranı"; mondaq.com on the Tahsilat Genel Tebliği Seri C No 9, RG 13.11.2025 / 33076).
_TECIL_FAIZI = [
    (date(2006, 4, 28), "24", "438 seri no.lu Tahsilat Genel Tebliği"),
    (date(2009, 11, 21), "19", "Tahsilat Genel Tebliği Seri C No 1"),
    (date(2010, 10, 21), "12", "Tahsilat Genel Tebliği Seri C No 2"),
    (date(2018, 9, 6), "22", "Tahsilat Genel Tebliği Seri C No 3"),
    (date(2019, 10, 25), "19", "Tahsilat Genel Tebliği Seri C No 4 [U: başlangıç günü 24/25.10.2019]"),
    (date(2019, 12, 30), "15", "Tahsilat Genel Tebliği Seri C No 5"),
    (date(2022, 7, 21), "24", "Tahsilat Genel Tebliği Seri C No 6 (RG 31899)"),
    (date(2024, 5, 21), "48", "mondaq.com: 21.05.2024'ten itibaren %48 [U: aradaki oranlar ve tebliğ no]"),
    (date(2025, 11, 13), "39", "Tahsilat Genel Tebliği Seri C No 9 (RG 33076)"),
]


def _chain(rows: list[tuple[date, str, str]]) -> tuple:
    from datetime import timedelta

    out = []
    for index, (start, value, source) in enumerate(rows):
        end = rows[index + 1][0] - timedelta(days=1) if index + 1 < len(rows) else None
        out.append((start, end, value, source))
    return tuple(out)


# The 2022 non-metropolitan ÇTV workplace tariff (TL/year), RULES §3.3 [C2]; rows are
# groups 1–7, columns degrees 1–5.  The metropolitan table and the 2023+ figures were not
# found: a büyükşehir tenant must have them entered before accruing workplace ÇTV.
_CTV_DIGER_2022 = [
    ("6000", "4900", "3800", "3400", "2800"),
    ("3800", "2800", "2300", "1900", "1700"),
    ("2800", "1900", "1700", "1200", "950"),
    ("1200", "950", "700", "600", "490"),
    ("700", "600", "420", "400", "340"),
    ("400", "340", "210", "190", "148"),
    ("148", "117", "80", "68", "50"),
]

# Building cost classes (bina m² normal inşaat maliyet bedelleri).  Only the 2026 range
# (474.70 – 21,776.10 TL/m²) is known [C2]; the classes between are placeholders [U].
_INSAAT_2026 = {
    "5A": "21776.10", "4A": "14250.00", "3B": "9950.00", "3A": "8380.00",
    "2B": "5850.00", "2A": "3920.00", "1B": "1480.00", "1A": "474.70",
}

_COST_SOURCE = "[U] yer tutucu; 2026 aralığı 474,70–21.776,10 TL/m² (RULES §2.2) — resmî tablodan girin"

NATIONAL_PARAMETERS: list[ParamDef] = [
    ParamDef("emlak.oran.mesken", "Bina vergisi oranı (mesken)", "Building tax rate (residence)", "‰", "C",
             ((date(2000, 1, 1), OPEN, "1", RG_1319),)),
    ParamDef("emlak.oran.isyeri", "Bina vergisi oranı (işyeri ve diğer)", "Building tax rate (other)", "‰", "C",
             ((date(2000, 1, 1), OPEN, "2", RG_1319),)),
    ParamDef("emlak.oran.arsa", "Arsa vergisi oranı", "Plot tax rate", "‰", "C",
             ((date(2000, 1, 1), OPEN, "3", RG_1319),)),
    ParamDef("emlak.oran.arazi", "Arazi vergisi oranı", "Land tax rate", "‰", "C",
             ((date(2000, 1, 1), OPEN, "1", RG_1319),)),
    ParamDef("emlak.buyuksehir_carpani", "Büyükşehir ve mücavir alan oran çarpanı",
             "Metropolitan / adjacent-area rate multiplier", "katsayı", "C",
             ((date(2000, 1, 1), OPEN, "2", "1319 m.8, m.18 (%100 artırımlı)"),)),
    ParamDef("emlak.ydo", "Yeniden değerleme oranı (yılı)", "Revaluation rate (of the year)", "%", "C",
             _yearly({2022: "122.93", 2023: "58.46", 2024: "43.93"}, "[U] hafızadan; doğrulayın")
             + _yearly({2025: "25.49"}, "RG 27.11.2025")),
    ParamDef("emlak.ydo_katsayisi", "Yeniden değerlemede uygulanan YDO payı (1319 m.29)",
             "Share of the revaluation rate applied (1319 art.29)", "katsayı", "C",
             ((date(2000, 1, 1), date(2026, 12, 31), "0.5", "1319 m.29, 7566 öncesi: YDO'nun yarısı"),
              (date(2027, 1, 1), OPEN, "1", "7566 s. Kanun (RG 19.12.2025), 1319 m.29: YDO'nun tamamı, 2027 "
               "değerlerinden; Cumhurbaşkanı sıfıra kadar indirebilir"))),
    ParamDef("emlak.takdir_yili", "Takdir dönemi başlangıç yılı", "First year of the valuation period", "yıl", "C2",
             ((date(2026, 1, 1), date(2029, 12, 31), "2026", "Takdir 2025, 2026–2029 dönemi"),)),
    ParamDef("emlak.tavan_katsayisi", "Vergi değeri tavanı (önceki yılın katı)", "Value cap (times last year's)",
             "katsayı", "C",
             ((date(2026, 1, 1), date(2026, 12, 31), "3", "7566 s. Kanun, 1319 geçici m.23; Seri 89 tebliğ"),)),
    ParamDef("emlak.birim_tavan_katsayisi", "Yeni mükellefiyette birim değer tavanı (önceki yılın katı)",
             "Unit-value cap for new liabilities (times last year's)", "katsayı", "C2",
             ((date(2026, 1, 1), date(2026, 12, 31), "3",
               "7566 s. Kanun, 1319 geçici m.23; Seri 89 tebliğ (örnek: 4.000 → 600 × 3 = 1.800 TL/m²)"),)),
    ParamDef("emlak.arazi_istisnasi", "Arazi istisnası (mükellef başına)", "Land exemption per taxpayer", "TL", "C2",
             ((date(2000, 1, 1), OPEN, "10000", "GİB emlak vergisi rehberi"),)),
    ParamDef("emlak.tek_konut_azami_m2", "Sıfır oranlı tek konut: azami brüt alan",
             "Zero-rate single dwelling: maximum gross area", "m²", "C2",
             ((date(2000, 1, 1), OPEN, "200", "1319 m.8/2"),)),
    *[ParamDef(f"emlak.insaat_maliyeti.{cls}", f"Bina m² inşaat maliyeti ({cls})", f"Building cost per m² ({cls})",
               "TL/m²", "U", ((date(2026, 1, 1), date(2026, 12, 31), value, _COST_SOURCE),))
      for cls, value in _INSAAT_2026.items()],
    ParamDef("gecikme_zammi.aylik_oran", "Gecikme zammı aylık oranı", "Late-payment surcharge, monthly rate", "%",
             "C", _chain(_GZ)),
    ParamDef("gecikme_zammi.asgari", "Gecikme zammı asgari tutarı", "Late-payment surcharge minimum", "TL", "C",
             ((date(2005, 1, 1), OPEN, "1", "6183 m.51"),)),
    # 6183 collection (issue 12, item 6); sources and marks in docs/gelir.md "Takip"
    ParamDef("tecil_faizi.yillik_oran", "Tecil faizi yıllık oranı (6183 m.48)", "Deferral interest, yearly rate",
             "%", "C2", _chain(_TECIL_FAIZI)),
    ParamDef("tecil.azami_ay", "Tecilde azami süre (ay)", "Longest deferral (months)", "ay", "C2",
             ((date(2008, 7, 1), OPEN, "36", "6183 m.48 (5766 s. Kanun) — RULES §5.4 72 ay diyor [U]"),)),
    ParamDef("tecil.teminatsiz_sinir", "Teminat aranmayan tecil tutarı", "Deferral without guarantee up to", "TL",
             "C2", ((date(2008, 7, 1), OPEN, "1000000", "6183 m.48 (RULES §5.4)"),)),
    ParamDef("tecil.ihlal_gun", "Taksit vadesinden sonra tecilin bozulduğu gün", "Days after a missed installment "
             "before the plan breaks", "gün", "U",
             ((date(2008, 7, 1), OPEN, "0", "[U] Tahsilat Genel Tebliği (Seri A No 1) ihlal kuralı doğrulanmadı"),)),
    # restructuring campaigns: TÜİK's monthly Yİ-ÜFE changes, one row per calendar month; no
    # figures seeded (a campaign needing a month nobody entered is refused, naming the key)
    ParamDef("yi_ufe.aylik_degisim", "Yİ-ÜFE aylık değişim oranı (yapılandırma)",
             "PPI monthly change (restructuring)", "%", "U", monthly=True),
    ParamDef("odeme_emri.odeme_suresi", "Ödeme emrinde ödeme süresi (m.55)", "Payment period of an ödeme emri",
             "gün", "C2", ((date(2021, 7, 22), OPEN, "15", "6183 m.55 (RULES §5.4)"),)),
    ParamDef("odeme_emri.itiraz_suresi", "Ödeme emrine itiraz süresi (m.58)", "Objection period of an ödeme emri",
             "gün", "C2", ((date(2021, 7, 22), OPEN, "15", "6183 m.58 (RULES §5.4)"),)),
    # rent increases (issue 12, item 7): TÜİK's 12-month averages, entered month by month
    # (no figures seeded: a lease whose anniversary has no row is refused, naming the key)
    ParamDef("kira.tufe_12ay_ortalama", "TÜFE 12 aylık ortalama değişim (kira artışı)",
             "CPI 12-month average change (rent increase)", "%", "U", monthly=True),
    ParamDef("kira.ufe_12ay_ortalama", "Yİ-ÜFE 12 aylık ortalama değişim (kira artışı)",
             "PPI 12-month average change (rent increase)", "%", "U", monthly=True),
    # ÇTV amounts are set for one year at a time (revalued yearly, 2464 mük. m.44 [U: the
    # clause]): a row per year, so a year nobody entered is missing, not the 2022 figure;
    # the console proposes next year's from the YDO for a person to confirm.
    ParamDef("ctv.konut_m3.buyuksehir", "ÇTV konut m³ başına (büyükşehir)", "Cleaning tax per m³ (metropolitan)",
             "TL/m³", "C2", ((date(2022, 1, 1), _YIL_SONU_2022, "0.68", "[C2] 2022 tutarı (kpmgvergi.com)"),),
             revalued_by="emlak.ydo"),
    ParamDef("ctv.konut_m3.diger", "ÇTV konut m³ başına (diğer)", "Cleaning tax per m³ (other)", "TL/m³", "C2",
             ((date(2022, 1, 1), _YIL_SONU_2022, "0.50", "[C2] 2022 tutarı (kpmgvergi.com)"),),
             revalued_by="emlak.ydo"),
    *[ParamDef(f"ctv.isyeri.diger.g{group}d{degree}", f"ÇTV işyeri {group}. grup {degree}. derece (diğer)",
               f"Cleaning tax, workplace group {group} degree {degree} (other)", "TL/yıl", "C2",
               ((date(2022, 1, 1), _YIL_SONU_2022, row[degree - 1], "[C2] 2022 tarifesi (kpmgvergi.com)"),),
               revalued_by="emlak.ydo")
      for group, row in enumerate(_CTV_DIGER_2022, start=1) for degree in range(1, 6)],
]

# Revenue kinds.  Economic codes: only Bina Vergisi (01.2.9.51) is confirmed [C2]; the
# others follow the pattern and are flagged [U] for the municipality's accountant to check.
REVENUE_KINDS = [
    # kod, ad, ad_en, ekonomik kod, grup, öncelik, gecikme zammı, kesinlik
    ("emlak_bina", "Bina Vergisi", "Building tax", "01.2.9.51", "emlak", 10, True, "C2"),
    ("emlak_arsa", "Arsa Vergisi", "Plot tax", "01.2.9.52", "emlak", 11, True, "U"),
    ("emlak_arazi", "Arazi Vergisi", "Land tax", "01.2.9.53", "emlak", 12, True, "U"),
    ("ctv_isyeri", "Çevre Temizlik Vergisi (işyeri)", "Cleaning tax (workplace)", "01.3.9.01", "ctv", 20, True, "U"),
    ("ctv_konut", "Çevre Temizlik Vergisi (konut)", "Cleaning tax (residence)", "01.3.9.01", "ctv", 21, True, "U"),
    ("ilan_reklam", "İlan ve Reklam Vergisi", "Advertising tax", "01.6.1.01", "ilan", 30, True, "U"),
    ("ucret", "Ücretler (harç ve hizmet bedelleri)", "Fees and charges", "03.1.9.99", "ucret", 40, True, "U"),
    ("gecikme_zammi", "Gecikme Zammı", "Late-payment surcharge", "05.1.1.01", "gecikme", 5, False, "U"),
    # tecil faizi (6183 m.48) bears no late fee; its economic code is not verified [U]
    ("tecil_faizi", "Tecil Faizi", "Deferral interest", "05.1.1.01", "tecil", 6, False, "U"),
    # what a restructuring puts in place of late fees (migration g0010); economic code [U]
    ("yapilandirma", "Yapılandırma Tutarı", "Restructuring amount", "05.1.1.01", "tecil", 7, False, "U"),
    # other revenues (issue 12, item 7; migration g0009): economic codes not verified [U]; rent
    # is a contract's receivable (no gecikme zammı [U]), ecrimisil and the fees are amme alacağı
    ("kira", "Taşınmaz Kira Gelirleri", "Rent of municipal property", "03.6.1.01", "kira", 45, False, "U"),
    ("ecrimisil", "Ecrimisil", "Charge for unlawful occupation", "03.6.1.99", "kira", 46, True, "U"),
    ("isgaliye", "İşgal Harcı", "Occupation fee", "01.6.1.02", "harc", 35, True, "U"),
    ("pazar_yeri", "Pazar Yeri Ücreti", "Market place fee", "03.1.9.01", "harc", 36, True, "U"),
    ("ruhsat_harci", "İşyeri Açma ve Çalışma Ruhsatı Harcı", "Business licence fee", "01.6.1.05", "harc", 37, True, "U"),
    ("insaat_harci", "Bina İnşaat Harcı", "Building construction fee", "01.6.1.04", "harc", 38, True, "U"),
]

# A restructuring campaign (yapılandırma) seeded as data: Law 7440's shape.  Sources and
# [U] marks in docs/gelir.md "Restructuring campaigns (yapılandırma)"; staff add others.
KAMPANYA_7440 = {
    "ad": "7440 sayılı Kanun: belediye alacaklarının yeniden yapılandırılması",
    "kanun_no": "7440",
    "kanun_tarihi": date(2023, 3, 12),  # [U] RG 12.03.2023/32130; one municipality wrote 25.03.2023
    "dayanak": "7440 s. Kanun (Bazı Alacakların Yeniden Yapılandırılmasına İlişkin Kanun); başvuru sonu ve ilk "
               "taksit: Uşak Belediyesi duyurusu (usakport.com); %90 ve katsayılar: docs/gelir.md [U]",
    "basvuru_baslangic": date(2023, 3, 12),
    "basvuru_bitis": date(2023, 7, 3),  # [C2] Uşak Belediyesi's announcement
    "kapsam_vade_sonu": date(2022, 12, 31),  # [U]
    "gelir_kodlari": ["emlak_bina", "emlak_arsa", "emlak_arazi", "ctv_isyeri", "ctv_konut", "ilan_reklam",
                      "ucret", "ecrimisil", "isgaliye", "pazar_yeri", "ruhsat_harci", "insaat_harci"],
    # the law's method: Yİ-ÜFE monthly changes (yi_ufe.aylik_degisim, entered by the ministry)
    "gecikme_yontemi": "yi_ufe",
    "aylik_oran": None,
    "pesin_indirim": "90",  # [C2] "%90'ının tahsilinden vazgeçilir" (usakport.com quoting the law)
    # [C2] memurhaber.com (6: 1,045, 9: 1,083, 12: 1,105, 18: 1,15); which law it quoted [U]
    "secenekler": [{"taksit": 1, "katsayi": "1"}, {"taksit": 6, "katsayi": "1.045"}, {"taksit": 9, "katsayi": "1.083"},
                   {"taksit": 12, "katsayi": "1.105"}, {"taksit": 18, "katsayi": "1.15"}],
    "ilk_taksit_vadesi": date(2023, 7, 31),  # [C2] Uşak Belediyesi's announcement
    "taksit_araligi_ay": 2,  # [U] ikişer aylık
    "tolerans": 2,  # [U] "ikiden fazla taksit" rule of earlier laws
    # [C2] missed installments payable "en geç son taksiti ... izleyen ay sonuna kadar" with the
    # late-payment surcharge (a 7440 guide, NTV; the same rule in 7143: esasdenetim.com)
    "son_taksit_ek_ay": 1,
    # [U] for 7440; 6552 m.73: "dava açmamaları, açılmış davalardan vazgeçmeleri ... şarttır"
    "dava_vazgecme": True,
}

DUE_DATES = [
    # grup, taksit, ay, gün — RULES §2.6 (emlak, ÇTV) and §4 (ilan: Yığılca's calendar, [U])
    ("emlak", 1, 5, 31), ("emlak", 2, 11, 30),
    ("ctv", 1, 5, 31), ("ctv", 2, 11, 30),
    ("ilan", 1, 1, 31), ("ilan", 2, 7, 31),
]

# A starting tariff for the council to replace: the statutory maxima of the ilan ve reklam
# types (RULES §4) and example fees from Efeler's ceremony tariff (RULES §8.6).
STARTING_TARIFFS = [
    ("ilan_reklam", "sabit_levha", "Sabit levha, tabela, yazı (yıllık)", "TL/m²/yıl", "100", "ilan_reklam"),
    ("ilan_reklam", "arac", "Araç üzeri reklam (yıllık)", "TL/m²/yıl", "40", "ilan_reklam"),
    ("ilan_reklam", "gecici_bez", "Geçici bez afiş, pankart (haftalık)", "TL/m²/hafta", "10", "ilan_reklam"),
    ("ilan_reklam", "isikli", "Işıklı veya projeksiyonlu reklam (yıllık)", "TL/m²/yıl", "150", "ilan_reklam"),
    ("ucret", "nikah.hafta_ici", "Nikâh salonu, hafta içi", "TL", "4000", "ucret"),
    ("ucret", "nikah.hafta_sonu", "Nikâh salonu, hafta sonu", "TL", "5000", "ucret"),
    ("ucret", "nikah.bayram", "Nikâh salonu, resmî tatil", "TL", "6000", "ucret"),
]


def run(session, tenant) -> None:
    """Give a tenant enabling Gelir its revenue kinds, calendar, settings and a starting tariff."""
    have = set(session.scalars(select(GelirTuru.kod)))
    for kod, ad, ad_en, ekonomik, grup, oncelik, gz, kesinlik in REVENUE_KINDS:
        if kod not in have:  # a kind added later reaches tenants seeded before it
            session.add(GelirTuru(kod=kod, ad=ad, ad_en=ad_en, ekonomik_kod=ekonomik, grup=grup,
                                  oncelik=oncelik, gecikme_zammi=gz, kesinlik=kesinlik))
    session.flush()
    if session.scalar(select(VadeTakvimi.id).limit(1)) is None:
        for grup, taksit, ay, gun in DUE_DATES:
            session.add(VadeTakvimi(grup=grup, taksit=taksit, ay=ay, gun=gun,
                                    gecerlilik_baslangic=date(2000, 1, 1)))
    if session.scalar(select(GelirAyari.id).limit(1)) is None:
        place = session.execute(text("SELECT province, district FROM public.tenants WHERE slug = :s"),
                                {"s": tenant.slug}).one_or_none()
        session.add(GelirAyari(buyuksehir=False, il=(place.province if place else None) or "",
                               ilce=(place.district if place else None) or "", makbuz_on_eki="M"))
    if session.scalar(select(Tarife.id).limit(1)) is None:
        for tur, kod, ad, birim, tutar, gelir_kodu in STARTING_TARIFFS:
            session.add(Tarife(tur=tur, kod=kod, ad=ad, birim=birim, tutar=tutar, gelir_kodu=gelir_kodu,
                               gecerlilik_baslangic=date(2026, 1, 1), karar="Başlangıç tarifesi (örnek)",
                               olusturan="seed"))
    if session.scalar(select(YapilandirmaKampanyasi.id).limit(1)) is None:
        row = dict(KAMPANYA_7440)
        session.add(YapilandirmaKampanyasi(
            **{**row, "pesin_indirim": Decimal(row["pesin_indirim"]),
               "hesap_sonu": row["kanun_tarihi"]}, olusturan="seed"))
    session.flush()
