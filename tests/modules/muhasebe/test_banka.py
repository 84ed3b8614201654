"""Bank statements: a file with a bad row is refused naming its lines; lines match 102
movements by amount, side, day and reference; the unmatched list suggests, a person
matches by hand or undoes a match; all audited."""

import io
from datetime import date

import pytest
from sqlalchemy import func, select

from ebelediye.audit import AuditEntry
from ebelediye.extensions import db
from modules.muhasebe.models import BankaEkstresi, EkstreSatiri
from modules.muhasebe.services import MuhasebeConflict, MuhasebeError, banka
from tests.modules.muhasebe.conftest import kaydet, satirlar
from tests.plugin import host, staff_with

GUN = date(2026, 3, 16)


def _csv(*rows: str, header: str = "tarih;tutar;referans;aciklama") -> bytes:
    return ("\ufeff" + "\r\n".join((header, *rows)) + "\r\n").encode()


def _ledger():
    incoming = kaydet(satirlar(("102", "B", "500.00"), ("600", "A", "500.00")), GUN)
    outgoing = kaydet(satirlar(("630", "B", "200.00"), ("102", "A", "200.00")), GUN)
    twin_a = kaydet(satirlar(("102", "B", "300.00"), ("600", "A", "300.00")), GUN, aciklama="Kira mart")
    twin_b = kaydet(satirlar(("102", "B", "300.00"), ("600", "A", "300.00")), GUN, aciklama="Kira REF9 nisan")
    late = kaydet(satirlar(("102", "B", "999.99"), ("600", "A", "999.99")), date(2026, 3, 19))
    return incoming, outgoing, twin_a, twin_b, late


def _line_of(voucher, kod="102"):
    from modules.muhasebe.services import fis
    return next(s for s in fis.satirlari(voucher.id) if s.hesap_kod == kod)


def test_import_matches_by_amount_side_day_and_reference(alfa):
    incoming, outgoing, _twin_a, twin_b, late = _ledger()
    statement = banka.ice_al(_csv("16.03.2026;500,00;;Havale", "16.03.2026;-200,00;;EFT", "16.03.2026;300,00;REF9;kira",
                                  "17.03.2026;999,99;X;bilinmeyen"), "basit", "102", actor="muhasebe@alfa",
                             dosya_adi="mart.csv")
    lines = {s.satir_no: s for s in banka.satirlar(statement.id)}
    assert lines[2].fis_satiri_id == _line_of(incoming).id and lines[2].eslesme == "otomatik"
    assert lines[3].fis_satiri_id == _line_of(outgoing).id  # money out: the 102 credit
    assert lines[4].fis_satiri_id == _line_of(twin_b).id  # two of 300 that day: the one naming REF9
    assert lines[5].fis_satiri_id is None
    unmatched = banka.eslesmeyenler(statement.id)
    assert [s.satir_no for s, _ in unmatched] == [5]
    assert [fs.id for fs, _ in unmatched[0][1]] == [_line_of(late).id]  # within three days, same amount
    with pytest.raises(MuhasebeError, match="eşleşemez"):
        banka.elle_eslestir(lines[5].id, _line_of(incoming).id, actor="m")  # taken, and another amount
    banka.elle_eslestir(lines[5].id, _line_of(late).id, actor="m")
    assert banka.eslesmeyen_sayisi(statement.id) == 0
    with pytest.raises(MuhasebeConflict):
        banka.elle_eslestir(lines[5].id, _line_of(late).id, actor="m")
    banka.eslesme_kaldir(lines[5].id, actor="m")
    assert banka.eslesmeyen_sayisi(statement.id) == 1
    actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("muhasebe.ekstre.%"))))
    assert actions == {"muhasebe.ekstre.ice_al", "muhasebe.ekstre.elle_eslestir", "muhasebe.ekstre.eslesme_kaldir"}
    with pytest.raises(MuhasebeConflict):  # the same file again
        banka.ice_al(_csv("16.03.2026;500,00;;Havale", "16.03.2026;-200,00;;EFT", "16.03.2026;300,00;REF9;kira",
                          "17.03.2026;999,99;X;bilinmeyen"), "basit", "102", actor="m")


def test_a_file_with_bad_rows_is_refused_whole_naming_each_line(alfa):
    before = db.session.scalar(select(func.count()).select_from(EkstreSatiri))
    with pytest.raises(MuhasebeError) as refused:
        banka.ice_al(_csv("16.03.2026;500,00;;ok", "32.03.2026;10,00;;bad day", "16.03.2026;0;;zero",
                          "16.03.2026;1,234.5;;bad amount", "16.03.2026;5,00"), "basit", "102", actor="m")
    assert set(refused.value.errors) == {"satir.3", "satir.4", "satir.5", "satir.6"}
    assert "3, 4, 5, 6" in str(refused.value.message)
    assert db.session.scalar(select(func.count()).select_from(EkstreSatiri)) == before
    with pytest.raises(MuhasebeError, match="başlık"):
        banka.ice_al(_csv("1;2", header="a;b"), "basit", "102", actor="m")
    with pytest.raises(MuhasebeError, match="banka hesabına"):
        banka.ice_al(_csv("16.03.2026;5,00;;x"), "basit", "100", actor="m")
    with pytest.raises(MuhasebeError, match="UTF-8"):
        banka.ice_al(b"tarih;tutar\xff", "basit", "102", actor="m")


def test_the_mt940_csv_layout(alfa):
    incoming, outgoing, *_ = _ledger()
    statement = banka.ice_al(_csv("260316;C;500,00;;havale", "260316;D;200,00;;eft",
                                  header="valor;yon;tutar;referans;aciklama"), "mt940_csv", "102", actor="m")
    assert banka.eslesmeyen_sayisi(statement.id) == 0
    with pytest.raises(MuhasebeError) as refused:
        banka.ice_al(_csv("2603;C;5,00;;x", "260316;X;5,00;;x", header="valor;yon;tutar;referans;aciklama"),
                     "mt940_csv", "102", actor="m")
    assert set(refused.value.errors) == {"satir.2", "satir.3"}


def test_the_pages_import_and_show_the_unmatched(client):
    staff_with(client, "alfa", "muhasebe.goruntule", "muhasebe.fis.hazirla")
    H = {"Host": host("alfa")}
    assert client.get("/muhasebe/banka", headers=H).status_code == 200
    bad = client.post("/muhasebe/banka", headers=H, content_type="multipart/form-data",
                      data={"bicim": "basit", "hesap_kod": "102",
                            "dosya": (io.BytesIO(_csv("99.99.2026;5,00;;x")), "kotu.csv")})
    assert bad.status_code == 422 and "satir.2" in bad.get_data(as_text=True)
    good = client.post("/muhasebe/banka", headers=H, content_type="multipart/form-data",
                       data={"bicim": "basit", "hesap_kod": "102",
                             "dosya": (io.BytesIO(_csv("16.03.2026;=1+1;;x", "16.03.2026;77,00;=cmd;y")), "e.csv")})
    assert good.status_code == 422  # "=1+1" is not an amount
    good = client.post("/muhasebe/banka", headers=H, content_type="multipart/form-data",
                       data={"bicim": "basit", "hesap_kod": "102",
                             "dosya": (io.BytesIO(_csv("16.03.2026;77,00;<b>REF</b>;y")), "e.csv")})
    assert good.status_code == 303
    page = client.get(good.headers["Location"], headers=H).get_data(as_text=True)
    assert "eslesmeyenler" in page and "&lt;b&gt;REF" in page
    from tenants import services
    with services.bound("alfa"):
        assert db.session.scalar(select(func.count()).select_from(BankaEkstresi)) == 1
