"""A memur's union allowance (toplu sözleşme ikramiyesi, "sendika ödeneği", 375 KHK ek m.4)
and a position's makam, temsil and görev tazminatı (657 ek m.26, 375 KHK m.1): their tax
profile, the worked example by hand, the payroll and the payslip, the pages and the API."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from ebelediye.audit import AuditEntry
from ebelediye.errors import UserError
from ebelediye.extensions import db
from modules.ik import hesap
from modules.ik.models import KadroTazminati, SendikaUyeligi
from modules.ik.services import belge, bordro, katsayilar, personel, sendika
from tenants import services
from tests.factories import new_tckn
from tests.modules.ik.conftest import ACTOR, ise_al
from tests.plugin import host, ids_apart, staff_with

D = Decimal
H = {"Host": host("alfa")}
JAN = date(2026, 1, 1)


def _mudur(kadrolar, **extra):
    """A memur on the worked example's pay: gösterge 1,500, ek gösterge 4,800, yan ödeme 3,500
    puan, ek ödeme at 90 %, 12 years of service on 1 January 2026, no family allowances."""
    return ise_al(kadrolar, "memur", gosterge=1500, ek_gosterge=4800, yan_odeme_puan=3500, ek_odeme_orani=D("90"),
                  hizmet_baslangic=date(2014, 1, 1), **extra)


# --- the computation -------------------------------------------------------------------------------

def test_the_tax_profile_of_each_memur_item():
    """Sources (docs/ik.md "Memur pay items"): 657 ek m.26 quoted by memurlar.net (26.02.2024):
    makam tazminatı "damga vergisi hariç herhangi bir vergiye tabi tutulmaz"; the tables of
    saglikpersonelihaber.net and palmiyeyazilim.net: özel hizmet, makam, görev tazminatı no
    income tax, stamp tax; 375 KHK ek m.4 quoted by ssk.biz.tr and kamuguncel.com: the toplu
    sözleşme ikramiyesi bears no tax or deduction but stamp tax.  Temsil tazminatı by analogy [U]."""
    c = hesap.Katsayilar(aylik=D(1), taban=D(1), yan_odeme=D(1), taban_gosterge=D(0), kidem_gosterge_yil=D(0),
                         kidem_azami_yil=25, aile_gosterge=D(100), cocuk_gosterge=D(10), cocuk_0_6_gosterge=D(20),
                         en_yuksek_gosterge=D(1000))
    g = hesap.memur_brut(c, gosterge=1000, yan_odeme_puan=200, ek_odeme_orani=D("10"), ozel_hizmet_orani=D("20"),
                         makam_gosterge=300, temsil_gosterge=400, gorev_gosterge=500, sendika_gosterge=60,
                         es_yardimi=True, cocuk_6_ustu=1)
    # aylık 1,000 + yan ödeme 200 + ek ödeme 100 + özel hizmet 200 + makam 300 + temsil 400
    # + görev 500 + sendika 60 + aile 100 + çocuk 10 = 2,870
    assert g.brut == D("2870.00")
    assert g.damgaya_tabi == D("2760.00")  # less aile 100 and çocuk 10
    assert g.vergiye_tabi == D("1300.00")  # less özel hizmet, makam, temsil, görev, sendika (1,460)
    assert g.sgk_matrahi == D("2700.00")  # [U] less the family allowances and the sendika ödeneği
    steps = [s.adim for s in g.adimlar]
    assert "Temsil tazminatı: 400 × 1" in steps and "Görev tazminatı: 500 × 1" in steps
    assert "Toplu sözleşme ikramiyesi (sendika ödeneği): 60 × 1" in steps
    with pytest.raises(ValueError):
        hesap.memur_brut(c, gosterge=1000, temsil_gosterge=-1)


def test_worked_example_a_memur_with_the_union_allowance_and_temsil_tazminati(kadrolar):
    """January 2026 (aylık katsayı 1.387871, taban 22.722793, yan ödeme 0.440141; RULES §7.7),
    by hand:

        aylık          1,500 × 1.387871 =  2,081.81   (2,081.8065)
        ek gösterge    4,800 × 1.387871 =  6,661.78   (6,661.7808)
        kıdem     12 × 20 × 1.387871    =    333.09   (333.08904)
        taban          1,000 × 22.722793 = 22,722.79
        yan ödeme      3,500 × 0.440141 =  1,540.49   (1,540.4935)
        ek ödeme  13,184.77 × 90 %      = 11,866.29   (en yüksek DM aylığı 9,500 × 1.387871)
        temsil         3,000 × 1.387871 =  4,163.61   (position row; 3,000 is illustrative [U])
        sendika ödeneği  707 × 1.387871 =    981.22   (981.224797)
        gross                             50,351.08

        income-tax gross  50,351.08 − 4,163.61 − 981.22        = 45,206.25
        4/1-c base        50,351.08 − 981.22                    = 49,369.86
        employee 14 %     49,369.86 × 0.14                      =  6,911.78 (6,911.7804)
        GV matrahı        45,206.25 − 6,911.78                  = 38,294.47
        income tax        38,294.47 × 15 % = 5,744.17 − the January exemption 4,211.33 = 1,532.84
        stamp tax         50,351.08 × 0.00759 = 382.16 − 33,030 × 0.00759 = 250.70  →  131.46
        net               50,351.08 − 6,911.78 − 1,532.84 − 131.46 = 41,775.00
        employer 19.5 %   49,369.86 × 0.195                     =  9,627.12 (9,627.1227)
    """
    memur = _mudur(kadrolar)
    sendika.tazminat_ekle(kadrolar["memur"].id, "temsil", 3000, date(2025, 1, 1), kaynak="örnek", actor=ACTOR)
    sendika.uye_yap(memur.id, "Tüm Bel-Sen", date(2025, 6, 1), actor=ACTOR)
    slip, gun = bordro.kisi_hesabi(memur, personel.atama_on(memur.id, JAN), "2026-01", D("0"))
    assert gun == 30 and memur.sgk_statu == "4c"
    assert slip.brut == D("50351.08")
    assert slip.vergiye_tabi == D("45206.25") and slip.damgaya_tabi == D("50351.08")
    assert slip.sgk_matrahi == D("49369.86") and slip.sgk_isci == D("6911.78")
    assert slip.gv_matrahi == D("38294.47")
    assert (slip.gelir_vergisi_hesaplanan, slip.gv_istisnasi, slip.gelir_vergisi) == \
        (D("5744.17"), D("4211.33"), D("1532.84"))
    assert (slip.damga_hesaplanan, slip.dv_istisnasi, slip.damga_vergisi) == (D("382.16"), D("250.70"), D("131.46"))
    assert slip.net == D("41775.00") and slip.sgk_isveren == D("9627.12")
    steps = {s.adim: s.deger for s in slip.adimlar}
    assert steps["Temsil tazminatı: 3000 × 1.387871"] == "4.163,61"
    assert steps["Toplu sözleşme ikramiyesi (sendika ödeneği): 707 × 1.387871"] == "981,22"


def test_the_union_allowance_follows_the_membership_and_the_lower_indicator(kadrolar):
    """Paid for a month whose first day the membership covers: 707 × 1.387871 = 981.22, a
    union below the threshold 250 × 1.387871 = 346.97 (346.96775) [U]."""
    memur = _mudur(kadrolar)
    atama = personel.atama_on(memur.id, JAN)
    none, _ = bordro.kisi_hesabi(memur, atama, "2026-01", D("0"))
    uyelik = sendika.uye_yap(memur.id, "Tüm Bel-Sen", date(2026, 1, 1), actor=ACTOR)
    member, _ = bordro.kisi_hesabi(memur, atama, "2026-01", D("0"))
    assert member.brut - none.brut == D("981.22")
    # outside income tax and the premium base, inside the stamp tax
    assert member.gv_matrahi == none.gv_matrahi and member.sgk_matrahi == none.sgk_matrahi
    # stamp tax 46,187.47 × 0.00759 = 350.56 (350.5629) against 45,206.25 × 0.00759 = 343.12
    # (343.1154): 7.44 more
    assert (member.damga_hesaplanan, none.damga_hesaplanan) == (D("350.56"), D("343.12"))
    assert member.damga_vergisi - none.damga_vergisi == D("7.44")
    sendika.uyelik_bitir(memur.id, uyelik.id, date(2026, 1, 31), actor=ACTOR)
    after, _ = bordro.kisi_hesabi(memur, personel.atama_on(memur.id, date(2026, 2, 1)), "2026-02", D("0"))
    assert not any(s.adim.startswith("Toplu sözleşme") for s in after.adimlar)
    sendika.uye_yap(memur.id, "Küçük Sendika", date(2026, 2, 1), baraj_alti=True, actor=ACTOR)
    lower, _ = bordro.kisi_hesabi(memur, personel.atama_on(memur.id, date(2026, 2, 1)), "2026-02", D("0"))
    assert {s.adim: s.deger for s in lower.adimlar}["Toplu sözleşme ikramiyesi (sendika ödeneği): 250 × 1.387871"] \
        == "346,97"


def test_the_positions_rows_by_date_and_the_typed_makam_indicator(kadrolar):
    """The row in force on the month's first day; a position's makam / görev rows replace the
    makam indicator typed on the assignment (2,000 × 1.387871 = 2,775.74)."""
    memur = _mudur(kadrolar, makam_gosterge=2000)
    atama = personel.atama_on(memur.id, JAN)
    typed, _ = bordro.kisi_hesabi(memur, atama, "2026-01", D("0"))
    assert {s.adim: s.deger for s in typed.adimlar}["Makam tazminatı: 2000 × 1.387871"] == "2.775,74"
    kadro = kadrolar["memur"].id
    sendika.tazminat_ekle(kadro, "gorev", 1000, date(2026, 1, 1), actor=ACTOR)
    sendika.tazminat_ekle(kadro, "gorev", 0, date(2026, 3, 1), actor=ACTOR)
    assert sendika.yururlukte([kadro], date(2025, 12, 31)) == {}
    assert sendika.yururlukte([kadro], date(2026, 2, 1)) == {kadro: {"gorev": 1000}}
    assert sendika.yururlukte([kadro], date(2026, 3, 1)) == {kadro: {"gorev": 0}}
    jan, _ = bordro.kisi_hesabi(memur, atama, "2026-01", D("0"))
    steps = {s.adim: s.deger for s in jan.adimlar}
    assert "Makam tazminatı: 2000 × 1.387871" not in steps  # the position's rows rule
    assert steps["Görev tazminatı: 1000 × 1.387871"] == "1.387,87"
    # income tax: neither the typed makam nor the görev tazminatı is in its gross
    assert typed.vergiye_tabi == jan.vergiye_tabi
    march, _ = bordro.kisi_hesabi(memur, personel.atama_on(memur.id, date(2026, 3, 1)), "2026-03", D("0"))
    assert not any(s.adim.startswith(("Görev", "Makam")) for s in march.adimlar)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(makam=st.integers(0, 15000), temsil=st.integers(0, 15000), gorev=st.integers(0, 15000),
       sendika_g=st.integers(0, 2000), ay=st.integers(1, 12),
       once=st.decimals(0, 3_000_000, places=2, allow_nan=False, allow_infinity=False))
def test_properties_hold_with_the_new_items(alfa, makam, temsil, gorev, sendika_g, ay, once):
    """net = gross − deductions; the items outside income tax never change its matrah; more of
    them never lowers the net (they add their whole amount less the stamp tax and premiums)."""
    c = katsayilar(JAN)
    from modules.ik.services import kurallar

    k = kurallar(JAN, "4c")
    base = hesap.memur_brut(c, gosterge=1500, ek_gosterge=4800, yan_odeme_puan=3500)
    more = hesap.memur_brut(c, gosterge=1500, ek_gosterge=4800, yan_odeme_puan=3500, makam_gosterge=makam,
                            temsil_gosterge=temsil, gorev_gosterge=gorev, sendika_gosterge=sendika_g)

    def slip(g):
        return hesap.bordro(k, brut=g.brut, ay=ay, kumulatif_once=once, vergiye_tabi=g.vergiye_tabi,
                            sgk_matrahi=g.sgk_matrahi, damgaya_tabi=g.damgaya_tabi)

    a, b = slip(base), slip(more)
    assert b.net == b.brut - b.kesintiler
    assert more.vergiye_tabi == base.vergiye_tabi
    assert b.net >= a.net


# --- the payroll and the payslip -------------------------------------------------------------------

def test_the_run_pays_the_items_and_the_payslip_shows_them(kadrolar):
    memur = _mudur(kadrolar)
    sendika.tazminat_ekle(kadrolar["memur"].id, "temsil", 3000, date(2025, 1, 1), actor=ACTOR)
    sendika.uye_yap(memur.id, "Tüm Bel-Sen", date(2025, 6, 1), actor=ACTOR)
    run = bordro.baslat("2026-01", actor=ACTOR)
    bordro.hesapla(run.id)
    row = next(s for s, _p in bordro.satirlar(run.id) if s.personel_id == memur.id)
    assert (row.brut, row.net, row.gelir_vergisi, row.damga_vergisi) == \
        (D("50351.08"), D("41775.00"), D("1532.84"), D("131.46"))
    assert row.adimlar["damgaya_tabi"] == "50351.08"
    pages = "".join(p.extract_text() for p in PdfReader(io.BytesIO(belge.bordro_pdf(row.id))).pages)
    assert "Temsil tazminatı: 3000 × 1.387871" in pages and "Toplu sözleşme ikramiyesi" in pages
    assert "4.163,61" in pages and "981,22" in pages


# --- refused input and the records ----------------------------------------------------------------

def test_memberships_never_overlap_and_only_memurs_have_one(kadrolar):
    memur = _mudur(kadrolar)
    worker = ise_al(kadrolar, "isci")
    first = sendika.uye_yap(memur.id, "Tüm Bel-Sen", date(2025, 1, 1), actor=ACTOR)
    for start, end in ((date(2025, 6, 1), None), (date(2024, 1, 1), date(2025, 1, 1))):
        with pytest.raises(UserError) as refused:
            sendika.uye_yap(memur.id, "Genel-Sen", start, bitis=end, actor=ACTOR)
        assert "baslangic" in refused.value.errors
    with pytest.raises(UserError) as refused:
        sendika.uye_yap(worker.id, "Genel-İş", date(2025, 1, 1), actor=ACTOR)
    assert "sendika" in refused.value.errors
    with pytest.raises(UserError):
        sendika.uyelik_bitir(memur.id, first.id, date(2024, 12, 31), actor=ACTOR)
    sendika.uyelik_bitir(memur.id, first.id, date(2025, 12, 31), actor=ACTOR)
    with pytest.raises(UserError) as again:
        sendika.uyelik_bitir(memur.id, first.id, date(2026, 1, 31), actor=ACTOR)
    assert again.value.status == 409
    sendika.uye_yap(memur.id, "Genel-Sen", date(2026, 1, 1), actor=ACTOR)  # after the end: allowed
    assert [u.sendika for u in sendika.uyelikler(memur.id)] == ["Genel-Sen", "Tüm Bel-Sen"]
    assert db.session.scalar(select(AuditEntry.id).where(AuditEntry.action == "ik.sendika.bitir").limit(1))


def test_position_rows_are_dated_append_only_and_for_memur_positions(kadrolar):
    kadro = kadrolar["memur"].id
    row = sendika.tazminat_ekle(kadro, "makam", 3000, date(2026, 1, 1), kaynak="IV sayılı cetvel", actor=ACTOR)
    with pytest.raises(UserError) as taken:
        sendika.tazminat_ekle(kadro, "makam", 3500, date(2026, 1, 1), actor=ACTOR)
    assert "baslangic" in taken.value.errors
    with pytest.raises(UserError) as kind:
        sendika.tazminat_ekle(kadrolar["isci"].id, "makam", 3000, date(2026, 1, 1), actor=ACTOR)
    assert "kadro_id" in kind.value.errors
    with pytest.raises(UserError):
        sendika.tazminat_ekle(kadro, "huzur", 3000, date(2026, 1, 1), actor=ACTOR)
    db.session.flush()
    with pytest.raises(DBAPIError), db.session.begin_nested():
        db.session.execute(text("UPDATE ik_kadro_tazminatlari SET gosterge = 1 WHERE id = :id"), {"id": row.id})
    assert db.session.get(KadroTazminati, row.id).gosterge == 3000


# --- pages ---------------------------------------------------------------------------------------------

def _committed_memur():
    with services.bound("alfa"):
        unit = personel.birim_ekle(f"46.06.95.{new_tckn()[:4]}", "Yazı İşleri Müdürlüğü", actor=ACTOR)
        kadro = personel.kadro_ekle(unit.id, "memur", "GİH", "Yazı İşleri Müdürü", actor=ACTOR, derece=1,
                                    ekonomik_kod="01.1.1.01")
        memur = ise_al({"memur": kadro}, "memur", gosterge=1500)
        db.session.commit()
        return memur.id, kadro.id


def test_the_pages_record_a_membership_and_a_position_row(client):
    pid, kadro = _committed_memur()
    staff_with(client, "alfa", "ik.personel.goruntule", "ik.personel.yonet", "ik.bordro.hazirla")
    page = client.get(f"/ik/personel/{pid}", headers=H)
    assert page.status_code == 200 and "Sendika üyeliği yok." in page.text
    bad = client.post(f"/ik/personel/{pid}/sendika", headers=H, data={"sendika": "\x00", "baslangic": "2026-01-01"})
    assert bad.status_code == 422
    done = client.post(f"/ik/personel/{pid}/sendika", headers=H,
                       data={"sendika": "Tüm Bel-Sen", "baslangic": "2026-01-01"})
    assert done.status_code == 303
    assert "Tüm Bel-Sen" in client.get(f"/ik/personel/{pid}", headers=H).text
    with services.bound("alfa"):
        uid = db.session.scalar(select(SendikaUyeligi.id).where(SendikaUyeligi.personel_id == pid))
        db.session.commit()
    ended = client.post(f"/ik/personel/{pid}/sendika/{uid}/bitir", headers=H, data={"bitis": "2026-06-30"})
    assert ended.status_code == 303
    assert client.get("/ik/kadrolar", headers=H).status_code == 200
    form = client.get(f"/ik/kadrolar/{kadro}/tazminat", headers=H)
    assert form.status_code == 200 and "Bu kadroya tanımlı tazminat yok." in form.text
    refused = client.post(f"/ik/kadrolar/{kadro}/tazminat", headers=H,
                          data={"tur": "temsil", "gosterge": "9" * 30, "baslangic": "2026-01-01"})
    assert refused.status_code == 422
    saved = client.post(f"/ik/kadrolar/{kadro}/tazminat", headers=H,
                        data={"tur": "temsil", "gosterge": "3000", "baslangic": "2026-01-01", "kaynak": "karar"})
    assert saved.status_code == 303
    assert "karar" in client.get(f"/ik/kadrolar/{kadro}/tazminat", headers=H).text
    assert client.get(f"/ik/kadrolar/{2**63}/tazminat", headers=H).status_code == 404


# --- API ------------------------------------------------------------------------------------------------

def test_the_api_records_memberships_and_position_rows(client):
    pid, kadro = _committed_memur()
    staff_with(client, "alfa", "ik.personel.goruntule", "ik.personel.yonet", "ik.bordro.hazirla")
    base = f"/api/v1/ik/personel/{pid}/sendika-uyelikleri"
    for body, field in (({"sendika": "\x00", "baslangic": "2026-01-01"}, "sendika"),
                        ({"sendika": "Tüm Bel-Sen", "baslangic": "2026-02-30"}, "baslangic"),
                        ({"sendika": "Tüm Bel-Sen", "baslangic": "2026-02-01", "bitis": "2026-01-01"}, "bitis")):
        refused = client.post(base, headers=H, json=body)
        assert refused.status_code == 422 and field in refused.json["errors"]
    made = client.post(base, headers=H, json={"sendika": "Tüm Bel-Sen", "baslangic": "2026-01-01"})
    assert made.status_code == 201 and made.json["bitis"] is None
    overlap = client.post(base, headers=H, json={"sendika": "Genel-Sen", "baslangic": "2026-03-01"})
    assert overlap.status_code == 422 and "baslangic" in overlap.json["errors"]
    assert [u["sendika"] for u in client.get(base, headers=H).json] == ["Tüm Bel-Sen"]
    ended = client.post(f"{base}/{made.json['id']}/bitir", headers=H, json={"bitis": "2026-06-30"})
    assert ended.status_code == 200 and ended.json["bitis"] == "2026-06-30"
    assert client.post(f"{base}/{made.json['id']}/bitir", headers=H, json={"bitis": "2026-07-31"}).status_code == 409
    rows = f"/api/v1/ik/kadrolar/{kadro}/tazminatlar"
    huge = client.post(rows, headers=H, json={"tur": "makam", "gosterge": 10**30, "baslangic": "2026-01-01"})
    assert huge.status_code == 422 and "gosterge" in huge.json["errors"]
    saved = client.post(rows, headers=H, json={"tur": "makam", "gosterge": 3000, "baslangic": "2026-01-01"})
    assert saved.status_code == 201 and saved.json["gosterge"] == 3000
    assert client.get(rows, headers=H).json[0]["tur"] == "makam"


def test_the_api_needs_the_permissions_and_stays_in_its_tenant(client):
    pid, kadro = _committed_memur()
    ids_apart("ik_personeller")
    ids_apart("ik_kadrolar")
    with services.bound("beta"):
        unit = personel.birim_ekle(f"46.06.94.{new_tckn()[:4]}", "Beta Birimi", actor=ACTOR)
        other_kadro = personel.kadro_ekle(unit.id, "memur", "GİH", "Müdür", actor=ACTOR, derece=1)
        other = ise_al({"memur": other_kadro}, "memur", gosterge=1500)
        db.session.commit()
        other_id, other_kadro_id = other.id, other_kadro.id
    body = {"sendika": "Tüm Bel-Sen", "baslangic": "2026-01-01"}
    row = {"tur": "temsil", "gosterge": 3000, "baslangic": "2026-01-01"}
    staff_with(client, "alfa", "ik.personel.goruntule")
    assert client.post(f"/api/v1/ik/personel/{pid}/sendika-uyelikleri", headers=H, json=body).status_code == 403
    assert client.get(f"/api/v1/ik/kadrolar/{kadro}/tazminatlar", headers=H).status_code == 403
    staff_with(client, "alfa", "ik.personel.goruntule", "ik.personel.yonet", "ik.bordro.hazirla")
    for missing in (other_id, 2**63):
        assert client.get(f"/api/v1/ik/personel/{missing}/sendika-uyelikleri", headers=H).status_code == 404
        assert client.post(f"/api/v1/ik/personel/{missing}/sendika-uyelikleri", headers=H,
                           json=body).status_code == 404
        assert client.post(f"/api/v1/ik/personel/{missing}/sendika-uyelikleri/1/bitir", headers=H,
                           json={"bitis": "2026-01-31"}).status_code == 404
    for missing in (other_kadro_id, 2**63):
        assert client.get(f"/api/v1/ik/kadrolar/{missing}/tazminatlar", headers=H).status_code == 404
        assert client.post(f"/api/v1/ik/kadrolar/{missing}/tazminatlar", headers=H, json=row).status_code == 404
