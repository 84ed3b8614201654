"""What enabling İK puts in place: the national figures of payroll law (dated,
ministry-maintained, in ``public``; RULES §7 with its sources) and the office's settings row.

Every figure is a dated row: a new minimum wage, tariff or coefficient is a new row from its
date, entered at /konsol/parametreler, never a change here.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from ebelediye.parameters import ParamDef

from .models import BelgeTuru, IkAyari

Y25 = (date(2025, 1, 1), date(2025, 12, 31))
Y26 = (date(2026, 1, 1), None)
S71 = "RULES §7.1: yenisafak.com, ulusal.com.tr, tgrthaber.com, disktekstil.org"
S72 = "RULES §7.2: 5510 m.81; hurriyet.com.tr 25.12.2025; haberturk.com 13.01.2026"
S73 = "RULES §7.3: GVK m.103 ücret tarifesi; ntv.com.tr 01.01.2026"
S77 = "RULES §7.7: Hazine ve Maliye genelgesi 06.01.2026 (ntv.com.tr 06.01.2026, mondaq.com 07.01.2026)"
H1_26 = (date(2026, 1, 1), date(2026, 6, 30))
H2_26 = (date(2026, 7, 1), date(2026, 12, 31))
#: [C2] the genelge itself was not read: several public code sources quote the same three figures
#: from it (docs/ik.md, "2026 second half"); the ministry confirms or corrects them at /konsol
H2_SOURCE = ("[C2] Hazine ve Maliye Bakanlığı, 2026 Yılı Temmuz Ayına Ait Mali ve Sosyal Haklara İlişkin "
             "Genelge (03.07.2026; R.G. 05.07.2026/32999), ikincil kod kaynaklarından; birincil metin okunamadı")

#: 375 KHK ek m.4 as changed by the 7th term kamu görevlileri toplu sözleşmesi (2024-2025) m.22:
#: paid monthly (no longer January/April/July/October), 707 × aylık katsayı; the 8th term
#: (2026-2027) was not read: the figure is taken as unchanged in 2026 [U]
SENDIKA_SOURCE = ("[C2] 375 KHK ek m.4; 7. Dönem Toplu Sözleşme m.22 (guncelegitim.com, saglikpersonelihaber.net "
                  "alıntısı); 2026 için 8. Dönem metni okunmadı [U]")


def _yearly(v25: str, v26: str, source: str) -> tuple:
    return ((*Y25, v25, source), (*Y26, v26, source))


def _p(key: str, tr: str, en: str, unit: str, certainty: str, seeds: tuple) -> ParamDef:
    return ParamDef(f"ik.{key}", tr, en, unit, certainty, seeds)


NATIONAL_PARAMETERS = [
    _p("asgari_ucret", "Asgari ücret (brüt, aylık)", "Minimum wage (gross, monthly)", "TL", "C",
       _yearly("26005.50", "33030.00", S71)),
    _p("sgk.taban", "SGK prime esas kazanç alt sınırı (aylık)", "SGK premium base floor (monthly)", "TL", "C",
       _yearly("26005.50", "33030.00", S71)),
    _p("sgk.tavan", "SGK prime esas kazanç üst sınırı (aylık)", "SGK premium base ceiling (monthly)", "TL", "C",
       _yearly("195041.40", "297270.00", S71 + " (2025: 7,5 kat; 2026: 9 kat)")),
    # 4/1-a (işçi): 14 % (MYÖ 9 + GSS 5) + işsizlik 1 %; employer MYÖ 11→12, GSS 7.5, kısa vade 2→2.25
    _p("sgk.4a.isci", "SGK işçi payı (4/1-a)", "SGK employee share (4/1-a)", "oran", "C2",
       _yearly("0.14", "0.14", S72)),
    _p("sgk.4a.issizlik_isci", "İşsizlik sigortası işçi payı", "Unemployment insurance, employee", "oran", "C2",
       _yearly("0.01", "0.01", S72)),
    _p("sgk.4a.isveren", "SGK işveren payı (4/1-a, teşviksiz)", "SGK employer share (4/1-a, no incentive)", "oran",
       "C2", _yearly("0.205", "0.2175", S72 + "; kısa vade 2,25 % [C2 kod kaynağı]; belediyeye teşvik yok [U]")),
    _p("sgk.4a.issizlik_isveren", "İşsizlik sigortası işveren payı", "Unemployment insurance, employer", "oran",
       "C2", _yearly("0.02", "0.02", S72)),
    # 4/1-c (memur after 01.10.2008, tam zamanlı sözleşmeli): MYÖ 9 + GSS 5; employer MYÖ 11→12 + GSS 7.5
    _p("sgk.4c.isci", "Emeklilik ve GSS kişi payı (4/1-c)", "Pension and GSS, employee (4/1-c)", "oran", "C2",
       _yearly("0.14", "0.14", S72 + "; SGK 4/c özeti (MYÖ 9 + GSS 5)")),
    _p("sgk.4c.isveren", "Kurum payı (4/1-c)", "Employer share (4/1-c)", "oran", "C2",
       _yearly("0.185", "0.195", S72 + "; SGK 4/c özeti (MYÖ 11→12 + GSS 7,5)")),
    # 5434 (pre-2008 memur): şahıs keseneği 16 % + GSS 5 %; kurum 20 % + GSS 7.5 %
    _p("sgk.5434.isci", "Emekli keseneği ve GSS kişi payı (5434)", "Pension and GSS, employee (5434)", "oran",
       "C2", _yearly("0.21", "0.21", "RULES §7.2: şahıs keseneği 16 % + GSS 5 %")),
    _p("sgk.5434.isveren", "Kurum karşılığı ve GSS (5434)", "Employer share and GSS (5434)", "oran", "C2",
       _yearly("0.275", "0.275", "RULES §7.2: kurum karşılığı 20 % + GSS 7,5 %; artış farkı hariç [U]")),
    _p("gv.sinir1", "Gelir vergisi 1. dilim üst sınırı (ücret)", "Income tax bracket 1 limit (wages)", "TL", "C",
       _yearly("158000", "190000", S73)),
    _p("gv.sinir2", "Gelir vergisi 2. dilim üst sınırı (ücret)", "Income tax bracket 2 limit (wages)", "TL", "C",
       _yearly("330000", "400000", S73)),
    _p("gv.sinir3", "Gelir vergisi 3. dilim üst sınırı (ücret)", "Income tax bracket 3 limit (wages)", "TL", "C",
       _yearly("1200000", "1500000", S73)),
    _p("gv.sinir4", "Gelir vergisi 4. dilim üst sınırı (ücret)", "Income tax bracket 4 limit (wages)", "TL", "C",
       _yearly("4300000", "5300000", S73)),
    *[_p(f"gv.oran{n}", f"Gelir vergisi {n}. dilim oranı", f"Income tax rate, bracket {n}", "oran", "C",
         _yearly(rate, rate, S73)) for n, rate in ((1, "0.15"), (2, "0.20"), (3, "0.27"), (4, "0.35"), (5, "0.40"))],
    _p("dv.oran", "Ücretlerde damga vergisi oranı", "Stamp tax on wages", "oran", "C",
       _yearly("0.00759", "0.00759", "RULES §7.4: DVK (1) sayılı tablo, binde 7,59")),
    _p("fazla_mesai.carpan", "Fazla çalışma ücreti çarpanı", "Overtime premium factor", "katsayı", "C2",
       ((date(2003, 6, 10), None, "1.5", "4857 m.41: her saat için normal saat ücretinin %50 fazlası"),)),
    _p("aylik_calisma_saati", "Aylık çalışma saati (saat ücreti için)", "Monthly hours (for the hourly wage)", "saat",
       "C2", ((date(2003, 6, 10), None, "225", "4857 m.63: haftada en çok 45 saat; 30 günlük ay = 225 saat"),)),
    _p("icra.azami_oran", "İcra kesintisinin nete oranı (en çok)", "Largest share of the net an icra order takes",
       "oran", "U", ((date(2004, 1, 1), None, "0.25",
                      "[U] İİK m.83 uygulaması: maaşın en az dörtte biri; nafaka önceliği kurulmadı"),)),
    # SGK pays the temporary incapacity allowance of a sick report from its third day (5510
    # m.18); whether the employer pays the first two is not law: 0 no one, 1 the employer (a TİS
    # may say otherwise: ``ik_tisler.rapor_ilk_iki_gun``)
    _p("rapor.ilk_iki_gun_isveren", "Hastalık raporunun ilk iki gününü işveren öder (1 evet, 0 hayır)",
       "The employer pays the first two days of a sick report (1 yes, 0 no)", "evet/hayır", "C2",
       ((date(2008, 10, 1), None, "0", "[C2] 5510 m.18: hastalıkta ödenek 3. günden (burhaneray.com); ilk iki gün "
                                       "için 5510'da işverene yükümlülük yok, TİS'e bağlı [U]"),)),
    # memur: the coefficients of the Mali ve Sosyal Haklar genelgesi, two periods a year
    _p("memur.aylik_katsayi", "Memur aylık katsayısı", "Civil servants' monthly coefficient", "katsayı", "C2",
       ((*H1_26, "1.387871", S77), (*H2_26, "1.575512", H2_SOURCE))),
    _p("memur.taban_katsayi", "Taban aylık katsayısı", "Base salary coefficient", "katsayı", "C2",
       ((*H1_26, "22.722793", S77), (*H2_26, "25.794915", H2_SOURCE))),
    _p("memur.yan_odeme_katsayi", "Yan ödeme katsayısı", "Supplementary pay coefficient", "katsayı", "C2",
       ((*H1_26, "0.440141", S77), (*H2_26, "0.499649", H2_SOURCE))),
    _p("memur.taban_gosterge", "Taban aylık göstergesi", "Base salary indicator", "gösterge", "U",
       ((date(2026, 1, 1), None, "1000", "[U] RULES §7.7: sabit gösterge, doğrulanmadı"),)),
    _p("memur.kidem_gosterge", "Kıdem aylığı göstergesi (hizmet yılı başına)", "Seniority indicator per year", "gösterge",
       "U", ((date(2026, 1, 1), None, "20", "[U] RULES §7.7: yılda 20, doğrulanmadı"),)),
    _p("memur.kidem_azami_yil", "Kıdem aylığında en çok hizmet yılı", "Most years counted for seniority", "yıl", "U",
       ((date(2026, 1, 1), None, "25", "[U] RULES §7.7: en çok 25 yıl, doğrulanmadı"),)),
    _p("memur.aile_gosterge", "Aile yardımı göstergesi", "Spouse allowance indicator", "gösterge", "C2",
       ((date(2026, 1, 1), None, "2273", "657 m.202; RULES §7.7 (3.154,63 = 2.273 × 1,387871)"),)),
    _p("memur.cocuk_gosterge", "Çocuk yardımı göstergesi (6 yaş üstü)", "Child allowance indicator (over 6)",
       "gösterge", "C2", ((date(2026, 1, 1), None, "250", "657 m.203; RULES §7.7 (346,97)"),)),
    _p("memur.cocuk_0_6_gosterge", "Çocuk yardımı göstergesi (0-6 yaş)", "Child allowance indicator (0-6)",
       "gösterge", "C2", ((date(2026, 1, 1), None, "500", "657 m.203; RULES §7.7 (693,94)"),)),
    _p("memur.en_yuksek_gosterge", "En yüksek Devlet memuru aylığı göstergesi (ÖHT ve ek ödeme tabanı)",
       "Highest civil servant's indicator (base of special service pay and additional pay)", "gösterge", "C2",
       ((date(2026, 1, 1), None, "9500", "RULES §7.7: 13.184,77 = 9.500 × 1,387871 [C2]; 9.500 = 1. derece "
                                         "4. kademe 1.500 + en yüksek ek gösterge 8.000 (657 m.43, kod kaynağı)"),)),
    # toplu sözleşme ikramiyesi ("sendika ödeneği", 375 KHK ek m.4) of a union member: an indicator
    # × aylık katsayı a month, outside every tax and deduction but stamp tax (docs/ik.md)
    _p("memur.sendika_gosterge", "Toplu sözleşme ikramiyesi göstergesi (sendika üyesi, aylık)",
       "Collective agreement bonus indicator (union member, monthly)", "gösterge", "C2",
       ((date(2024, 1, 1), None, "707", SENDIKA_SOURCE),)),
    _p("memur.sendika_gosterge_alt", "Toplu sözleşme ikramiyesi göstergesi (baraj altı sendika, aylık)",
       "Collective agreement bonus indicator (union below the threshold, monthly)", "gösterge", "U",
       ((date(2024, 1, 1), None, "250", "[U] " + SENDIKA_SOURCE + "; baraj altı sendikalara 250 gösterge "
                                         "(haber yorumu, toplu sözleşme metni okunmadı)"),)),
]

#: a checksum-valid placeholder VKN the office replaces with the municipality's own
ORNEK_VKN = "1234567890"


#: the usual kinds of a personnel document (kod, ad, has a validity end); migration ik0010
#: puts the same rows, the office adds its own at /ik/belge-turleri
BELGE_TURLERI = (
    ("nufus", "Nüfus cüzdanı sureti", False),
    ("diploma", "Diploma", False),
    ("askerlik", "Askerlik durum belgesi", False),
    ("saglik", "Sağlık raporu", True),
    ("adli_sicil", "Adli sicil kaydı", False),
    ("sgk_giris", "SGK işe giriş bildirgesi", False),
    ("atama", "Atama onayı / sözleşme", False),
    ("sertifika", "Kurs ve sertifika", False),
    ("disiplin", "Disiplin", False),
    ("diger", "Diğer", False),
)


def run(session, tenant) -> None:
    """Idempotent: the settings row once, the usual document kinds once each."""
    if session.scalar(select(func.count()).select_from(IkAyari)) == 0:
        name = getattr(tenant, "name", None) or getattr(tenant, "slug", "Belediye")
        session.add(IkAyari(isveren_vkn=ORNEK_VKN, isveren_unvan=f"{name}"[:200], sicil_on_eki="P"))
    known = set(session.scalars(select(BelgeTuru.kod)))
    for kod, ad, sureli in BELGE_TURLERI:
        if kod not in known:
            session.add(BelgeTuru(kod=kod, ad=ad, sureli=sureli, olusturan="seed"))
    session.flush()
