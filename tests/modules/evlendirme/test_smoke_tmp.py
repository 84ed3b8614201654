from tenants import services
from tests.modules.evlendirme.conftest import dosya, kur, slot, BUGUN
from modules.evlendirme.services import takvim, basvuru
from datetime import timedelta


def test_smoke(saat, kps):
    with services.bound("alfa"):
        k = kur()
        row = dosya()
        print(row.no, row.durum, [(c.kod, c.sonuc, c.gerekce) for c in basvuru.son_kontroller(row.id)])
        closed, slots = takvim.gun_slotlari(BUGUN + timedelta(days=1))
        print(closed, len(slots), slots[0])
        n = takvim.tut(row.id, k.salon.id, slot(BUGUN + timedelta(days=1)), actor="t")
        print(n.durum, n.memur_id)
        basvuru.onayla(row.id, actor="x", actor_id=2, gun=BUGUN)
