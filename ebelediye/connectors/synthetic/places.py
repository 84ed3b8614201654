"""Provinces (il) with a sample of their districts (ilçe), and common neighbourhood and
street names, for the synthetic population.

Not the full list of 973 districts: enough real names per province that addresses and
parcels look right.  Provinces carry a rough weight so that big cities hold more people.
Order matters (indices derive from it): append, never reorder.
"""

from __future__ import annotations

# "İl (plate, weight): ilçe, ilçe, ..."
_DATA = """
Adana (1, 22): Seyhan, Yüreğir, Çukurova, Sarıçam, Ceyhan, Kozan, İmamoğlu
Adıyaman (2, 6): Merkez, Kahta, Besni, Gölbaşı
Afyonkarahisar (3, 7): Merkez, Sandıklı, Dinar, Bolvadin, Emirdağ
Ağrı (4, 5): Merkez, Doğubayazıt, Patnos, Diyadin
Amasya (5, 3): Merkez, Merzifon, Suluova, Taşova
Ankara (6, 57): Çankaya, Keçiören, Yenimahalle, Mamak, Etimesgut, Sincan, Altındağ, Pursaklar, Gölbaşı, Polatlı
Antalya (7, 26): Muratpaşa, Kepez, Konyaaltı, Alanya, Manavgat, Serik, Kemer, Kaş
Artvin (8, 2): Merkez, Hopa, Arhavi, Borçka
Aydın (9, 11): Efeler, Nazilli, Söke, Kuşadası, Didim, Çine
Balıkesir (10, 12): Altıeylül, Karesi, Bandırma, Edremit, Ayvalık, Gönen
Bilecik (11, 2): Merkez, Bozüyük, Osmaneli
Bingöl (12, 3): Merkez, Genç, Solhan
Bitlis (13, 3): Merkez, Tatvan, Ahlat
Bolu (14, 3): Merkez, Gerede, Mudurnu
Burdur (15, 3): Merkez, Bucak, Gölhisar
Bursa (16, 31): Osmangazi, Yıldırım, Nilüfer, İnegöl, Gemlik, Mudanya, Mustafakemalpaşa
Çanakkale (17, 5): Merkez, Biga, Çan, Gelibolu, Ayvacık
Çankırı (18, 2): Merkez, Çerkeş, Ilgaz
Çorum (19, 5): Merkez, Sungurlu, Osmancık, İskilip
Denizli (20, 10): Pamukkale, Merkezefendi, Çivril, Acıpayam, Tavas
Diyarbakır (21, 18): Bağlar, Kayapınar, Yenişehir, Sur, Ergani, Bismil
Edirne (22, 4): Merkez, Keşan, Uzunköprü, İpsala
Elazığ (23, 6): Merkez, Kovancılar, Karakoçan
Erzincan (24, 2): Merkez, Tercan, Refahiye
Erzurum (25, 8): Yakutiye, Palandöken, Aziziye, Oltu, Horasan
Eskişehir (26, 9): Odunpazarı, Tepebaşı, Sivrihisar
Gaziantep (27, 21): Şahinbey, Şehitkamil, Nizip, İslahiye
Giresun (28, 4): Merkez, Bulancak, Espiye, Görele
Gümüşhane (29, 1): Merkez, Kelkit, Şiran
Hakkari (30, 3): Merkez, Yüksekova, Şemdinli
Hatay (31, 16): Antakya, İskenderun, Defne, Dörtyol, Reyhanlı, Kırıkhan
Isparta (32, 4): Merkez, Yalvaç, Eğirdir
Mersin (33, 19): Akdeniz, Mezitli, Toroslar, Yenişehir, Tarsus, Erdemli, Silifke
İstanbul (34, 160): Kadıköy, Üsküdar, Beşiktaş, Şişli, Fatih, Bakırköy, Esenyurt, Küçükçekmece, Bağcılar, Pendik, Ümraniye, Maltepe, Kartal, Ataşehir, Sarıyer, Beylikdüzü
İzmir (35, 44): Konak, Karşıyaka, Bornova, Buca, Çiğli, Bayraklı, Karabağlar, Torbalı, Menemen, Ödemiş
Kars (36, 3): Merkez, Sarıkamış, Kağızman
Kastamonu (37, 3): Merkez, Tosya, Taşköprü
Kayseri (38, 14): Melikgazi, Kocasinan, Talas, Develi, İncesu
Kırklareli (39, 3): Merkez, Lüleburgaz, Babaeski
Kırşehir (40, 2): Merkez, Kaman, Mucur
Kocaeli (41, 20): İzmit, Gebze, Darıca, Körfez, Gölcük, Derince, Kartepe, Başiskele
Konya (42, 22): Selçuklu, Meram, Karatay, Ereğli, Akşehir, Beyşehir, Seydişehir
Kütahya (43, 5): Merkez, Tavşanlı, Simav, Gediz
Malatya (44, 8): Battalgazi, Yeşilyurt, Doğanşehir, Akçadağ
Manisa (45, 14): Şehzadeler, Yunusemre, Akhisar, Turgutlu, Salihli, Soma
Kahramanmaraş (46, 11): Onikişubat, Dulkadiroğlu, Elbistan, Afşin, Pazarcık
Mardin (47, 8): Artuklu, Kızıltepe, Midyat, Nusaybin
Muğla (48, 10): Menteşe, Bodrum, Fethiye, Marmaris, Milas, Dalaman
Muş (49, 4): Merkez, Bulanık, Malazgirt
Nevşehir (50, 3): Merkez, Ürgüp, Avanos
Niğde (51, 4): Merkez, Bor, Ulukışla
Ordu (52, 8): Altınordu, Ünye, Fatsa, Perşembe
Rize (53, 3): Merkez, Çayeli, Pazar, Ardeşen
Sakarya (54, 11): Adapazarı, Serdivan, Erenler, Hendek, Akyazı, Sapanca
Samsun (55, 13): İlkadım, Atakum, Canik, Bafra, Çarşamba, Terme
Siirt (56, 3): Merkez, Kurtalan, Pervari
Sinop (57, 2): Merkez, Boyabat, Gerze
Sivas (58, 6): Merkez, Şarkışla, Suşehri, Zara
Tekirdağ (59, 11): Süleymanpaşa, Çorlu, Çerkezköy, Kapaklı, Ergene, Malkara
Tokat (60, 6): Merkez, Erbaa, Turhal, Niksar, Zile
Trabzon (61, 8): Ortahisar, Akçaabat, Yomra, Araklı, Of
Tunceli (62, 1): Merkez, Pertek, Ovacık
Şanlıurfa (63, 21): Eyyübiye, Haliliye, Karaköprü, Siverek, Viranşehir, Suruç
Uşak (64, 4): Merkez, Banaz, Eşme
Van (65, 12): İpekyolu, Tuşba, Edremit, Erciş
Yozgat (66, 4): Merkez, Sorgun, Yerköy, Boğazlıyan
Zonguldak (67, 6): Merkez, Ereğli, Çaycuma, Devrek
Aksaray (68, 4): Merkez, Ortaköy, Eskil
Bayburt (69, 1): Merkez, Aydıntepe
Karaman (70, 3): Merkez, Ermenek
Kırıkkale (71, 3): Merkez, Yahşihan, Keskin
Batman (72, 6): Merkez, Kozluk, Sason
Şırnak (73, 6): Merkez, Cizre, Silopi, İdil
Bartın (74, 2): Merkez, Amasra, Ulus
Ardahan (75, 1): Merkez, Göle, Posof
Iğdır (76, 2): Merkez, Tuzluca, Aralık
Yalova (77, 3): Merkez, Çınarcık, Altınova
Karabük (78, 3): Merkez, Safranbolu, Eskipazar
Kilis (79, 1): Merkez, Elbeyli
Osmaniye (80, 6): Merkez, Kadirli, Düziçi
Düzce (81, 5): Merkez, Akçakoca, Kaynaşlı
"""

NEIGHBOURHOODS = (
    "Cumhuriyet", "Atatürk", "Fatih", "Yeni", "Merkez", "İstiklal", "Hürriyet", "Gazi", "Yavuz Selim",
    "Mimar Sinan", "Barbaros", "Kazım Karabekir", "Yunus Emre", "Mevlana", "Zafer", "Bahçelievler",
    "Esentepe", "Yıldıztepe", "Çamlık", "Kültür", "Hacı Bayram", "İnönü", "Sakarya", "Karşıyaka",
    "Fevzi Çakmak", "Güzelyalı", "Akşemsettin", "Osmangazi", "Selimiye", "Pınarbaşı", "Kavaklı",
    "Gülbahar", "Çınarlı", "Yenidoğan", "Ulubatlı Hasan", "Şirinevler", "Dumlupınar", "Alparslan",
)
STREETS = (
    "Atatürk Caddesi", "Cumhuriyet Caddesi", "İnönü Caddesi", "Gazi Bulvarı", "Lale Sokak",
    "Menekşe Sokak", "Gül Sokak", "Papatya Sokak", "Çınar Sokak", "Akasya Sokak", "Zambak Sokak",
    "Karanfil Sokak", "İstanbul Caddesi", "Okul Sokak", "Cami Sokak", "Pazar Sokak", "Bahar Sokak",
    "Yıldız Sokak", "Kardelen Sokak", "Söğüt Sokak", "Ihlamur Sokak", "Defne Sokak", "Nergis Sokak",
)


def _parse() -> tuple[list[tuple[str, int, int]], list[tuple[int, str]]]:
    provinces: list[tuple[str, int, int]] = []  # (name, plate, weight)
    districts: list[tuple[int, str]] = []  # (province index, district name), global order
    for line in _DATA.strip().splitlines():
        head, _, rest = line.partition(":")
        name, _, numbers = head.partition(" (")
        plate, weight = (int(x) for x in numbers.rstrip(")").split(","))
        provinces.append((name.strip(), plate, weight))
        for district in rest.split(","):
            districts.append((len(provinces) - 1, district.strip()))
    return provinces, districts


PROVINCES, DISTRICTS = _parse()


def fold(name: str) -> str:
    """Case-insensitive key for place names: "ARTVİN", "ARTVIN", "Artvin" and "artvın" all
    match (dotted and dotless i are folded together, as people type them either way)."""
    return name.strip().replace("İ", "i").replace("I", "i").lower().replace("ı", "i")


#: (folded il, folded ilçe) -> global district index
DISTRICT_INDEX = {(fold(PROVINCES[p][0]), fold(d)): i for i, (p, d) in enumerate(DISTRICTS)}
#: cumulative weights of provinces, for weighted choice by bisect
CUMULATIVE_WEIGHTS: list[int] = []
_total = 0
for _name, _plate, _weight in PROVINCES:
    _total += _weight
    CUMULATIVE_WEIGHTS.append(_total)
#: districts of each province, by province index
DISTRICTS_OF: dict[int, list[int]] = {}
for _i, (_p, _d) in enumerate(DISTRICTS):
    DISTRICTS_OF.setdefault(_p, []).append(_i)
