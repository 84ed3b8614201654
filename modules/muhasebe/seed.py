"""What enabling Muhasebe puts in place: the MİBMY chart of accounts (RULES §6.1).

Each account is (code, name, kind, normal balance side, whether the other side is
forbidden, certainty as RULES §6.1 marks it).  The municipality adds its sub-accounts
(``102.01 Ziraat Bankası``) on the accounts page.  Idempotent: a code already present is
left as the municipality keeps it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

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


def run(session, tenant) -> None:
    have = set(session.scalars(select(Hesap.kod)))
    for kod, ad, tur, yon, yasak, _kesinlik in HESAP_PLANI:
        if kod not in have:
            session.add(Hesap(kod=kod, ad=ad, tur=tur, bakiye_yonu=yon, ters_bakiye_yasak=yasak, standart=True,
                              aktif=True, olusturan="kurulum"))
    if session.get(MuhAyar, 1) is None:  # the first enabling: earlier revenue comes in by back-posting
        session.add(MuhAyar(id=1, etkin_at=datetime.now(UTC)))
    session.flush()
