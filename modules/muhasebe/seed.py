"""What enabling Muhasebe puts in place: the MİBMY chart of accounts (RULES §6.1).

Each account is (code, name, kind, normal balance side, whether the other side is
forbidden, certainty as RULES §6.1 marks it).  The municipality adds its sub-accounts
(``102.01 Ziraat Bankası``) on the accounts page.  Idempotent: a code already present is
left as the municipality keeps it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from ebelediye.parameters import ParamDef

from .models import Hesap, MuhAyar

#: (kod, ad, tür, normal bakiye, ters bakiye yasak, kesinlik)
HESAP_PLANI: list[tuple[str, str, str, str, bool, str]] = [
    ("100", "Kasa", "varlik", "B", True, "C"),
    ("102", "Banka", "varlik", "B", True, "C"),
    ("103", "Verilen Çekler ve Gönderme Emirleri (-)", "varlik", "A", True, "C"),
    ("109", "Banka Kredi Kartlarından Alacaklar", "varlik", "B", False, "C"),
    ("120", "Gelirlerden Alacaklar", "varlik", "B", False, "C"),
    ("121", "Gelirlerden Takipli Alacaklar", "varlik", "B", False, "C"),
    ("122", "Gelirlerden Tecilli ve Tehirli Alacaklar", "varlik", "B", False, "C"),
    ("140", "Kişilerden Alacaklar", "varlik", "B", False, "C"),
    ("160", "İş Avansları ve Kredileri", "varlik", "B", False, "U"),
    ("161", "Personel Avansları", "varlik", "B", False, "U"),
    ("191", "İndirilecek KDV", "varlik", "B", False, "C"),
    ("220", "Gelirlerden Alacaklar (Uzun Vadeli)", "varlik", "B", False, "C"),
    ("222", "Gelirlerden Tecilli ve Tehirli Alacaklar (Uzun Vadeli)", "varlik", "B", False, "C"),
    ("255", "Demirbaşlar", "varlik", "B", False, "C"),
    ("257", "Birikmiş Amortismanlar (-)", "varlik", "A", False, "C"),
    ("300", "Banka Kredileri", "kaynak", "A", False, "C"),
    ("320", "Bütçe Emanetleri", "kaynak", "A", True, "C"),
    ("322", "Bütçeleştirilecek Borçlar", "kaynak", "A", False, "C"),
    ("330", "Alınan Depozito ve Teminatlar", "kaynak", "A", False, "C"),
    ("333", "Emanetler", "kaynak", "A", False, "C2"),
    ("360", "Ödenecek Vergi ve Fonlar", "kaynak", "A", False, "C"),
    ("361", "Ödenecek Sosyal Güvenlik Kesintileri", "kaynak", "A", False, "C2"),
    ("380", "Gelecek Aylara Ait Gelirler", "kaynak", "A", False, "C2"),
    ("381", "Gider Tahakkukları", "kaynak", "A", False, "C"),
    ("391", "Hesaplanan KDV", "kaynak", "A", False, "C2"),
    ("480", "Gelecek Yıllara Ait Gelirler", "kaynak", "A", False, "C"),
    ("590", "Dönem Olumlu Faaliyet Sonucu", "kaynak", "A", False, "U"),
    ("591", "Dönem Olumsuz Faaliyet Sonucu (-)", "kaynak", "B", False, "U"),
    ("600", "Gelirler", "faaliyet", "A", False, "C"),
    ("630", "Giderler", "faaliyet", "B", False, "C"),
    ("690", "Faaliyet Sonuçları", "faaliyet", "", False, "U"),
    ("800", "Bütçe Gelirleri", "butce", "A", False, "C"),
    ("805", "Gelir Yansıtma", "butce", "B", False, "C"),
    ("810", "Bütçe Gelirlerinden Ret ve İadeler (-)", "butce", "B", False, "C2"),
    ("830", "Bütçe Giderleri", "butce", "B", False, "C"),
    ("834", "Geçen Yıl Bütçe Mahsupları", "butce", "B", False, "C"),
    ("835", "Gider Yansıtma", "butce", "A", False, "C"),
    ("900", "Gönderilecek Bütçe Ödenekleri", "odenek", "B", True, "C"),
    ("901", "Bütçe Ödenekleri", "odenek", "A", True, "C"),
    ("905", "Ödenekli Giderler", "odenek", "B", False, "C"),
    ("910", "Teminat Mektupları", "nazim", "B", False, "U"),
    ("911", "Teminat Mektupları Emanetleri", "nazim", "A", False, "U"),
]


#: sub-accounts of 360 per withheld tax (an invoice's withholdings, ``services.vergi``):
#: (kod, ad, üst kod).  [U] the MİBMY detailed chart's numbering of 360 was not read; the
#: codes follow the usual public-sector practice (360.01 gelir vergisi, 360.03 damga
#: vergisi, 360.05 KDV tevkifatı).  A municipality that already uses one of these codes keeps it.
ALT_HESAPLAR: list[tuple[str, str, str]] = [
    ("360.01", "Gelir Vergisi", "360"),
    ("360.03", "Damga Vergisi", "360"),
    ("360.05", "KDV Tevkifatı", "360"),
]


def run(session, tenant) -> None:
    have = set(session.scalars(select(Hesap.kod)))
    for kod, ad, tur, yon, yasak, _kesinlik in HESAP_PLANI:
        if kod not in have:
            session.add(Hesap(kod=kod, ad=ad, tur=tur, bakiye_yonu=yon, ters_bakiye_yasak=yasak, standart=True,
                              aktif=True, olusturan="kurulum"))
    session.flush()
    for kod, ad, ust in ALT_HESAPLAR:
        if kod not in have:
            session.add(Hesap(kod=kod, ad=ad, tur="kaynak", bakiye_yonu="A", ters_bakiye_yasak=False, ust_kod=ust,
                              standart=True, aktif=True, olusturan="kurulum"))
    if session.get(MuhAyar, 1) is None:  # the first enabling: earlier revenue comes in by back-posting
        session.add(MuhAyar(id=1, etkin_at=datetime.now(UTC)))
    session.flush()


# --- dated national figures of an invoice's taxes (services.vergi) ------------------------

#: the KDV rates in force: Cumhurbaşkanı Kararı 7346 (R.G. 07.07.2023) raised 18 → 20 and
#: 8 → 10 from 10.07.2023; 1 % and 0 (istisna) unchanged.  [U] the decree was not read
#: through ``search``; the earlier 18/8/1 from 01.01.2008 (BKK 2007/13033) likewise.
S_KDV = "[U] KDVK m.28; CBK 7346 (R.G. 07.07.2023), 10.07.2023'den; önceki oranlar BKK 2007/13033"
#: KDV Genel Uygulama Tebliği I/C-2.1.3.2 (kısmi tevkifat, belirlenmiş alıcılar): the fractions
#: and items as GİB's UBL-TR Kod Listeleri v1.40 (Aralık 2025) lists them (tevkifat kodları
#: 601–627), quoted in a public repository [C2]; the dates a fraction took effect are [U]
#: (one row from 01.03.2021, after Tebliğ 35; yapım işleri 3/10 → 4/10 by it, accounthouse.com.tr
#: duyuru 1425 reports the change).
S_TEV = "[C2] KDV GUT I/C-{madde}; GİB UBL-TR Kod Listeleri v1.40 tevkifat kodu {kod}"
T0 = date(2021, 3, 1)

#: kind → (tebliğ item, GİB code, name, fraction in force); the fraction is dated data, these
#: names only label the choice
TEVKIFAT_TURLERI: dict[str, tuple[str, str, str, str]] = {
    "yapim": ("2.1.3.2.1", "601", "Yapım işleri ve birlikte ifa edilen mühendislik-mimarlık, etüt-proje", "0.4"),
    "danismanlik": ("2.1.3.2.2", "602", "Etüt, plan-proje, danışmanlık, denetim ve benzeri hizmetler", "0.9"),
    "bakim_onarim": ("2.1.3.2.3", "603", "Makine, teçhizat, demirbaş ve taşıtlara ait tadil, bakım ve onarım", "0.7"),
    "yemek": ("2.1.3.2.4", "604", "Yemek servis hizmeti", "0.5"),
    "organizasyon": ("2.1.3.2.4", "605", "Organizasyon hizmeti", "0.5"),
    "isgucu": ("2.1.3.2.5", "606", "İşgücü (personel) temin hizmetleri", "0.9"),
    "ozel_guvenlik": ("2.1.3.2.5", "607", "Özel güvenlik hizmeti", "0.9"),
    "yapi_denetim": ("2.1.3.2.6", "608", "Yapı denetim hizmetleri", "0.9"),
    "temizlik": ("2.1.3.2.10", "612", "Temizlik hizmeti", "0.9"),
    "cevre_bahce": ("2.1.3.2.10", "613", "Çevre ve bahçe bakım hizmetleri", "0.9"),
    "servis_tasima": ("2.1.3.2.11", "614", "Servis taşımacılığı hizmeti", "0.5"),
    "baski": ("2.1.3.2.12", "615", "Her türlü baskı ve basım hizmetleri", "0.7"),
    "diger_hizmet": ("2.1.3.2.13", "616", "Diğer hizmetler", "0.5"),
    "ticari_reklam": ("2.1.3.2.15", "625", "Ticari reklam hizmetleri", "0.3"),
}

NATIONAL_PARAMETERS = [
    ParamDef("muhasebe.kdv.genel", "KDV genel oranı", "VAT standard rate", "%", "C2",
             ((date(2008, 1, 1), date(2023, 7, 9), "18", S_KDV), (date(2023, 7, 10), None, "20", S_KDV))),
    ParamDef("muhasebe.kdv.indirimli_10", "KDV indirimli oranı (%10)", "VAT reduced rate (10 %)", "%", "C2",
             ((date(2008, 1, 1), date(2023, 7, 9), "8", S_KDV), (date(2023, 7, 10), None, "10", S_KDV))),
    ParamDef("muhasebe.kdv.indirimli_1", "KDV indirimli oranı (%1)", "VAT reduced rate (1 %)", "%", "C2",
             ((date(2008, 1, 1), None, "1", S_KDV),)),
    ParamDef("muhasebe.kdv.sifir", "KDV'siz / istisna", "VAT exempt", "%", "C",
             ((date(1985, 1, 1), None, "0", "KDVK m.11-17 istisnalar"),)),
    *[ParamDef(f"muhasebe.kdv_tevkifat.{kind}", f"KDV tevkifat oranı: {name}", f"VAT withholding fraction: {kind}",
               "katsayı", "C2",
               (((date(2014, 5, 1), date(2021, 2, 28), "0.3", S_TEV.format(madde=madde, kod=kod) + " [U] 3/10"),
                 (T0, None, oran, S_TEV.format(madde=madde, kod=kod))) if kind == "yapim"
                else ((T0, None, oran, S_TEV.format(madde=madde, kod=kod)),)))
      for kind, (madde, kod, name, oran) in TEVKIFAT_TURLERI.items()],
    #: KDV GUT I/C-2.1.3.1: no kısmi tevkifat on an invoice whose KDV-inclusive amount does not
    #: exceed this; 2.000 TL from 01.07.2021 (Tebliğ 36, smmmsendekatil.com 24.09.2021) [C2]; the
    #: 1.000 TL before it and any later change were not verified [U]: the ministry enters it at /konsol
    ParamDef("muhasebe.kdv_tevkifat.sinir", "Kısmi KDV tevkifatı alt sınırı (KDV dahil)",
             "Partial VAT withholding threshold (VAT included)", "TL", "U",
             ((date(2014, 5, 1), date(2021, 6, 30), "1000", "[U] KDV GUT I/C-2.1.3.1 ilk metni (1.000 TL)"),
              (date(2021, 7, 1), None, "2000", "[C2] KDV GUT I/C-2.1.3.1, Tebliğ 36 (smmmsendekatil.com 24.09.2021); "
               "sonraki değişiklik doğrulanmadı [U]"))),
    #: 488 sayılı DVK 1 sayılı tablo I/1-a: belli parayı ihtiva eden mukavelenameler binde 9,48 [U: not read]
    ParamDef("muhasebe.damga.sozlesme", "Damga vergisi: belli parayı içeren sözleşme", "Stamp duty: contract",
             "‰", "U", ((date(2008, 1, 1), None, "9.48", "[U] 488 s. DVK 1 s. tablo I/1-a (binde 9,48)"),)),
    #: GVK m.94/2-b: serbest meslek ödemelerinde %20 stopaj [U: not read through search]
    ParamDef("muhasebe.stopaj.serbest_meslek", "Gelir vergisi stopajı: serbest meslek", "Income tax withholding: "
             "self-employed", "%", "U", ((date(2007, 1, 1), None, "20", "[U] GVK m.94/2-b"),)),
]
