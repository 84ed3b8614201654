"""SWIFT MT940 statements: the strict reader (line-numbered refusals, balances per statement,
RC/RD, multi-line :86: in Turkish), the import into a bank account by its IBAN through the
service, the page and the API, the matching after it, and payroll payments by gönderme
emri debited from a statement line (draft 103 B / 102 A a second person approves)."""

import io
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ebelediye import events
from ebelediye.audit import AuditEntry
from ebelediye.extensions import db
from modules.muhasebe.models import BankaEkstresi, EkstreSatiri, Fis
from modules.muhasebe.services import MuhasebeConflict, MuhasebeError, banka, fis, hesaplar, mt940
from tenants import services
from tests.modules.muhasebe.conftest import HAZIRLAYAN, D, bakiye, kalem, kaydet, onayla, satirlar
from tests.plugin import host, staff_with

FIXTURE = Path(__file__).parent / "fixtures" / "turk_bankasi_mt940.sta"
IBAN = "TR330006100519786457841326"
OTHER_IBAN = "TR320010009999901234567890"
H = {"Host": host("alfa")}


def _sta(*lines: tuple[str, str, str, str, str], iban: str = IBAN, opening: str = "1000000,00",
         ref: str | None = None, closing: str | None = None) -> bytes:
    """One statement: lines (value date YYMMDD, mark, amount with comma, references, :86: text)."""
    total = Decimal(opening.replace(",", "."))
    body = []
    for day, mark, amount, refs, text in lines:
        value = Decimal(amount.replace(",", "."))
        total += value if mark in ("C", "RD") else -value
        body += [f":61:{day}{day[2:]}{mark}{amount}NTRF{refs}", f":86:{text}"]
    last = lines[-1][0] if lines else "261101"
    end = closing or f"{total:.2f}".replace(".", ",")
    text = "\r\n".join([f":20:{ref or uuid.uuid4().hex[:16]}", f":25:{iban}", ":28C:00100/001",
                        f":60F:C{lines[0][0] if lines else last}TRY{opening}", *body, f":62F:C{last}TRY{end}", "-"])
    return (text + "\r\n").encode()


def _errors(content: bytes) -> dict:
    with pytest.raises(MuhasebeError) as refused:
        mt940.ayristir(content)
    return {k: " ".join(str(m) for m in v) for k, v in refused.value.errors.items()}


# --- the reader ------------------------------------------------------------------------

def test_the_fixture_reads_as_two_statements_with_their_lines(alfa):
    statements = mt940.ayristir(FIXTURE.read_bytes())
    assert [(s.referans, s.hesap, s.numara, s.acilis, s.kapanis) for s in statements] == [
        ("EKS20261130001", IBAN, "00330/001", D("1250000.00"), D("1224499.50")),
        ("EKS20261130002", IBAN, "00331/001", D("1224499.50"), D("918849.50"))]
    lines = [h for s in statements for h in s.hareketler]
    assert [(h.no, h.tarih, h.isaret, h.tutar) for h in lines] == [
        (5, date(2026, 11, 27), "C", D("18500.00")), (8, date(2026, 11, 28), "D", D("-42750.50")),
        (11, date(2026, 11, 28), "D", D("-1250.00")),
        (20, date(2026, 11, 30), "RD", D("1250.00")),  # a debit reversed: money back in
        (22, date(2026, 11, 30), "D", D("-306400.00")),
        (25, date(2026, 11, 30), "RC", D("-500.00"))]  # a credit reversed: money out
    assert lines[1].referans == "ODM0000000017//B28K1A00017" and lines[2].referans == "NONREF//B28K1A00018"
    # the multi-line :86: in Turkish, joined
    assert lines[0].aciklama == "EFT GELEN ÇAĞLAR İNŞAAT TİC. LTD. ŞTİ. İŞYERİ AÇMA RUHSATI HARCI 2026/114"
    assert lines[4].aciklama.endswith("GÖNDERME EMRİ 2026/231 ŞİŞLİ ŞUBE")


def test_windows_1254_and_a_swift_envelope_are_read(alfa):
    text = ("{1:F01TGBATRISAXXX0000000000}{2:I940XXXXXXXXXXXXN}{4:\r\n"
            + _sta(("261102", "C", "10,00", "NONREF", "ÖĞRENCİ ŞÜKRÜ IŞIK"), ref="ZARF").decode()
            .replace("-\r\n", "-}\r\n"))
    [statement] = mt940.ayristir(text.encode("cp1254"))
    assert statement.hareketler[0].aciklama == "ÖĞRENCİ ŞÜKRÜ IŞIK"
    # LF and lone CR line ends read the same as CRLF
    for ending in (b"\n", b"\r"):
        again = mt940.ayristir(FIXTURE.read_bytes().replace(b"\r\n", ending))
        assert [h.no for s in again for h in s.hareketler] == [5, 8, 11, 20, 22, 25]


def test_a_statement_that_does_not_add_up_is_refused_at_its_closing_line(alfa):
    good = FIXTURE.read_bytes()
    errors = _errors(good.replace(b":62F:C261130TRY918849,50", b":62F:C261130TRY918849,51"))
    assert list(errors) == ["satir.27"] and "918.849,50" in errors["satir.27"] and "918.849,51" in errors["satir.27"]
    # the second statement must open at the first one's closing balance
    errors = _errors(good.replace(b":60M:C261128TRY1224499,50", b":60M:C261128TRY1224499,00").replace(
        b"TRY918849,50", b"TRY918849,00"))
    assert list(errors) == ["satir.19"] and "1.224.499,00" in errors["satir.19"] and "izlemiyor" in errors["satir.19"]
    # a D read as C would not add up either
    errors = _errors(good.replace(b"1128D42750,50", b"1128C42750,50"))
    assert list(errors) == ["satir.13"]


@pytest.mark.parametrize(("old", "new", "line", "says"), [
    (b":61:2611271127C", b":61:2613271127C", "satir.5", "valör 261327"),
    (b":61:2611271127C", b":61:2611271132C", "satir.5", "kayıt tarihi"),
    (b":61:2611271127C", b":61:2611271127X", "satir.5", ":61:"),
    (b"C18500,00NTRF", b"C18500.00NTRF", "satir.5", ":61:"),
    (b"C18500,00NTRF", b"C0,00NTRF", "satir.5", "sıfır"),
    (b"C18500,00NTRF", b"C99999999999999999,00NTRF", "satir.5", "sınırı"),
    (b":60F:C261127TRY1250000,00", b":60F:C261127EUR1250000,00", "satir.4", "EUR"),
    (b":60F:C261127TRY1250000,00", b":60F:C261327TRY1250000,00", "satir.4", "açılış"),
    ("ÇAĞLAR".encode(), b"\x00", "satir.6", "denetim"),
    ("ÇAĞLAR".encode(), b"\x1b[31m", "satir.6", "denetim"),
    (b":28C:00330/001", b":28C:BAD", "satir.3", ":28C:"),
    (b":60F:C261127TRY1250000,00\r\n", b":60F:C261127TRY1250000,00\r\nserbest metin\r\n", "satir.5", "alanı"),
    (b":64:C261128TRY1224499,50", b":99:X", "satir.14", ":99:"),
])
def test_a_bad_line_is_named_by_its_number_and_nothing_else(alfa, old, new, line, says):
    content = FIXTURE.read_bytes()
    assert old in content
    errors = _errors(content.replace(old, new, 1))
    assert line in errors and says in errors[line], errors


def test_missing_parts_and_mixed_accounts_are_refused(alfa):
    content = FIXTURE.read_bytes()
    errors = _errors(content.replace(b":62F:C261128TRY1224499,50\r\n", b""))
    assert any("62F" in m for m in errors.values())
    assert "satir.1" in _errors(content.replace(b":25:TR330006100519786457841326\r\n", b"", 1))
    with pytest.raises(MuhasebeError, match="birden çok hesaba"):
        mt940.ayristir(content.replace(IBAN.encode(), OTHER_IBAN.encode(), 1).replace(
            b":28C:00330/001", b":28C:00330/001", 1))
    with pytest.raises(MuhasebeError, match="MT940 ekstresi yok"):
        mt940.ayristir(b"\r\n\r\n")
    with pytest.raises(MuhasebeError, match="hareket"):
        mt940.ayristir(b":20:A\r\n:25:TR1\r\n:28C:1/1\r\n:60F:C261101TRY5,00\r\n:62F:C261101TRY5,00\r\n-\r\n")


def test_the_account_in_25_is_matched_to_an_iban():
    assert mt940.hesap_tutar_mi("TR33 0006 1005 1978 6457 8413 26", IBAN)
    assert mt940.hesap_tutar_mi("00061/0519786457841326", IBAN)
    assert not mt940.hesap_tutar_mi("00061/0519786457841327", IBAN)
    assert not mt940.hesap_tutar_mi("1326", IBAN)
    assert not mt940.hesap_tutar_mi(OTHER_IBAN, IBAN)


# --- the import ------------------------------------------------------------------------

def _bank(kod="102.01", iban=IBAN):
    return hesaplar.alt_hesap_ekle(kod, "Ziraat Bankası Merkez", actor="m", iban=iban)


def test_import_into_the_account_of_its_iban_and_matching(alfa):
    _bank()
    kaydet(satirlar(("102.01", "B", "100000.00"), ("600", "A", "100000.00")), date(2026, 11, 2))
    incoming = kaydet(satirlar(("102.01", "B", "18500.00"), ("600", "A", "18500.00")), date(2026, 11, 27))
    twin_a = kaydet(satirlar(("630", "B", "42750.50"), ("102.01", "A", "42750.50")), date(2026, 11, 28),
                    aciklama="Kırtasiye ödemesi ODM0000000016")
    twin_b = kaydet(satirlar(("630", "B", "42750.50"), ("102.01", "A", "42750.50")), date(2026, 11, 28),
                    aciklama="Kırtasiye ödemesi ODM0000000017")
    before = db.session.scalar(select(func.count()).select_from(EkstreSatiri))
    with pytest.raises(MuhasebeError) as wrong:  # 102 records no IBAN, but 102.01 records this one
        banka.ice_al(FIXTURE.read_bytes(), "mt940", "102", actor="m")
    assert "102.01" in str(wrong.value.message) and "hesap_kod" in wrong.value.errors
    statement = banka.ice_al(FIXTURE.read_bytes(), "mt940", "102.01", actor="m", dosya_adi="kasim.sta")
    assert (statement.bicim, statement.satir_sayisi, statement.acilis_bakiye, statement.kapanis_bakiye) == (
        "mt940", 6, D("1250000.00"), D("918849.50"))
    assert statement.ekstre_no == "EKS20261130001 00330/001, EKS20261130002 00331/001"
    lines = {s.satir_no: s for s in banka.satirlar(statement.id)}
    line_of = {v.id: next(s for s in fis.satirlari(v.id) if s.hesap_kod == "102.01").id for v in (incoming, twin_b)}
    assert lines[5].fis_satiri_id == line_of[incoming.id]
    assert lines[8].fis_satiri_id == line_of[twin_b.id]  # two of 42.750,50: the one naming ODM…17
    assert lines[8].aciklama.startswith("GİDEN EFT ÖZGÜR") and lines[20].tutar == D("1250.00")
    assert banka.eslesmeyen_sayisi(statement.id) == 4 and twin_a.id
    with pytest.raises(MuhasebeConflict):
        banka.ice_al(FIXTURE.read_bytes(), "mt940", "102.01", actor="m")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "muhasebe.ekstre.ice_al",
                                                       AuditEntry.object_id == str(statement.id)))
    assert [s["referans"] for s in entry.after["ekstreler"]] == ["EKS20261130001", "EKS20261130002"]
    assert db.session.scalar(select(func.count()).select_from(EkstreSatiri)) == before + 6


def test_a_statement_of_another_account_or_a_bad_one_writes_nothing(alfa):
    _bank(iban=OTHER_IBAN)
    before = db.session.scalar(select(func.count()).select_from(BankaEkstresi))
    with pytest.raises(MuhasebeError) as wrong:
        banka.ice_al(FIXTURE.read_bytes(), "mt940", "102.01", actor="m")
    assert OTHER_IBAN in str(wrong.value.message) and "hesap_kod" in wrong.value.errors
    with pytest.raises(MuhasebeError):
        banka.ice_al(FIXTURE.read_bytes().replace(b"918849,50", b"1,00"), "mt940", "102", actor="m")
    with pytest.raises(MuhasebeError, match="başlık"):  # a CSV layout given an MT940 file
        banka.ice_al(FIXTURE.read_bytes(), "basit", "102", actor="m")
    with pytest.raises(MuhasebeError, match="biçimi"):
        banka.ice_al(FIXTURE.read_bytes(), "swift", "102", actor="m")
    assert db.session.scalar(select(func.count()).select_from(BankaEkstresi)) == before


def test_ibans_of_bank_accounts(alfa):
    _bank()
    with pytest.raises(MuhasebeConflict):  # one account per IBAN
        hesaplar.alt_hesap_ekle("102.02", "Halkbank", actor="m", iban=IBAN)
    with pytest.raises(MuhasebeError, match="banka hesap"):
        hesaplar.alt_hesap_ekle("600.01", "Gelir", actor="m", iban=OTHER_IBAN)
    assert hesaplar.iban_kaydet("102", OTHER_IBAN, actor="m").iban == OTHER_IBAN
    assert hesaplar.iban_kaydet("102", None, actor="m").iban is None
    with pytest.raises(MuhasebeError):
        hesaplar.iban_kaydet("600", OTHER_IBAN, actor="m")


def test_the_api_and_the_page(client):
    staff_with(client, "alfa", "muhasebe.goruntule", "muhasebe.fis.hazirla", "muhasebe.hesap.yonet")
    api = "/api/v1/muhasebe"
    made = client.post(f"{api}/hesaplar", headers=H, json={"kod": "102.01", "ad": "Ziraat", "iban": "TR33 0006"})
    assert made.status_code == 422 and "iban" in made.json["errors"]
    made = client.post(f"{api}/hesaplar", headers=H, json={"kod": "102.01", "ad": "Ziraat"})
    assert made.status_code == 201 and made.json["iban"] is None
    assert client.post(f"{api}/hesaplar/600/iban", headers=H, json={"iban": IBAN}).status_code == 422
    assert client.post(f"{api}/hesaplar/999.99/iban", headers=H, json={"iban": IBAN}).status_code == 404
    for bad in ({"iban": "TR00\x00"}, {"iban": "DE89370400440532013000"}):
        assert client.post(f"{api}/hesaplar/102.01/iban", headers=H, json=bad).status_code == 422
    page = client.post("/muhasebe/banka/iban", headers=H, data={"hesap_kod": "102.01", "iban": "TR12"})
    assert page.status_code == 422
    page = client.post("/muhasebe/banka/iban", headers=H, data={"hesap_kod": "102.01",
                                                                "iban": "TR33 0006 1005 1978 6457 8413 26"})
    assert page.status_code == 303
    assert IBAN in client.get("/muhasebe/banka", headers=H).get_data(as_text=True)
    text = FIXTURE.read_text(encoding="utf-8")
    refused = client.post(f"{api}/banka/ekstreler", headers=H, json={
        "hesap_kod": "102.01", "bicim": "mt940", "icerik": text.replace("EKS20261130001", "EKS\x00")})
    assert refused.status_code == 422
    refused = client.post(f"{api}/banka/ekstreler", headers=H, json={
        "hesap_kod": "102.01", "bicim": "mt940", "icerik": text.replace("C261128TRY1224499,50", "C261128TRY1,00", 1)})
    assert refused.status_code == 422 and "satir.13" in refused.json["errors"]
    made = client.post(f"{api}/banka/ekstreler", headers=H, json={
        "hesap_kod": "102.01", "bicim": "mt940", "icerik": text, "dosya_adi": "kasim.sta"})
    assert made.status_code == 201, made.json
    assert (made.json["satir_sayisi"], made.json["acilis_bakiye"], made.json["kapanis_bakiye"]) == (
        6, "1250000.00", "918849.50")
    again = client.post(f"{api}/banka/ekstreler", headers=H, json={
        "hesap_kod": "102.01", "bicim": "mt940", "icerik": text})
    assert again.status_code == 409
    detail = client.get(f"{api}/banka/ekstreler/{made.json['id']}", headers=H).json
    assert detail["satirlar"][0]["aciklama"].startswith("EFT GELEN ÇAĞLAR")
    # the page: its format choice, an upload, the statement's page
    index = client.get("/muhasebe/banka", headers=H).get_data(as_text=True)
    assert "SWIFT MT940 (.sta/.txt)" in index and 'value="mt940_csv"' in index
    other = _sta(("261201", "C", "75,00", "NONREF//B1", "EFT GELEN <b>İŞ</b>"))
    wrong = client.post("/muhasebe/banka", headers=H, content_type="multipart/form-data",
                        data={"bicim": "mt940", "hesap_kod": "102", "dosya": (io.BytesIO(other), "a.sta")})
    assert wrong.status_code == 422 and "102.01" in wrong.get_data(as_text=True)
    good = client.post("/muhasebe/banka", headers=H, content_type="multipart/form-data",
                       data={"bicim": "mt940", "hesap_kod": "102.01", "dosya": (io.BytesIO(other), "a.sta")})
    assert good.status_code == 303
    shown = client.get(good.headers["Location"], headers=H).get_data(as_text=True)
    assert 'id="ekstre-bilgisi"' in shown and "&lt;b&gt;İŞ" in shown
    spec = client.get("/api/openapi.json", headers=H)
    bicim = next(s["properties"]["bicim"] for n, s in spec.json["components"]["schemas"].items()
                 if n.startswith("Ekstre") and "icerik" in s.get("properties", {}))
    assert bicim["enum"] == ["mt940", "basit", "mt940_csv"] and "SWIFT MT940" in bicim["description"]


# --- payroll payments by gönderme emri ---------------------------------------------------

TERTIP = {"institutional_code": "46.06.99.02", "functional_code": "01.3.9.00"}
NET = D("25000.00")


def _payroll_paid(reference: str, paid_on: date = date(2026, 11, 20), channel: str = "gonderme_emri",
                  budget: bool = True) -> Fis:
    if budget:
        kalem("200000.00", ekonomik="01.1")
    P = events.PayrollLine
    lines = (P("brut", D("30000.00"), "01.1.1.01", **TERTIP), P("net", D("20000.00"), "01.1.1.01", **TERTIP),
             P("net", D("5000.00"), "01.1.1.02", **TERTIP), P("gelir_vergisi", D("5000.00"), **TERTIP))
    events.payroll_accrued.send("ik", event=events.PayrollEvent(
        module="ik", reference=reference, on=date(2026, 11, 15), period="2026-11", headcount=2, lines=lines))
    events.payroll_paid.send("ik", event=events.PayrollEvent(
        module="ik", reference=reference, on=paid_on, period="2026-11", channel=channel,
        lines=tuple(line for line in lines if line.kind == "net")))
    return db.session.scalar(select(Fis).where(Fis.kaynak == f"ik:{reference}:odeme"))


def _out_line(amount: str = "25000,00", day: str = "261123"):
    kaydet(satirlar(("102", "B", "100000.00"), ("600", "A", "100000.00")), date(2026, 11, 1))
    statement = banka.ice_al(_sta((day, "D", amount, "MAAS2611//B77", "TOPLU MAAŞ ÖDEMESİ KASIM"),
                                  (day, "C", "1,00", "NONREF", "x")), "mt940", "102", actor=HAZIRLAYAN[0])
    return statement, next(s for s in banka.satirlar(statement.id) if s.tutar < 0)


def test_a_payroll_payment_is_debited_from_its_statement_line_by_two_people(alfa):
    payment = _payroll_paid(f"odeme:2026-11:{uuid.uuid4().hex[:6]}")
    assert payment is not None and payment.tur == "gonderme"
    statement, out = _out_line()
    assert out.fis_satiri_id is None
    assert [(f.id, t) for f, t in banka.bordro_onerileri(out.id)] == [(payment.id, NET)]
    assert banka.odeme_onerileri(out.id) == []  # not a payment order
    money_in = next(s for s in banka.satirlar(statement.id) if s.tutar > 0)
    with pytest.raises(MuhasebeError) as bad:
        banka.bordro_banka_cikisi(money_in.id, payment.id, actor=HAZIRLAYAN[0], actor_id=HAZIRLAYAN[1])
    assert "bordro_fis_id" in bad.value.errors
    before = (bakiye("103"), bakiye("102"))
    draft = banka.bordro_banka_cikisi(out.id, payment.id, actor=HAZIRLAYAN[0], actor_id=HAZIRLAYAN[1])
    assert draft.durum == "taslak" and draft.kaynak == f"muhasebe:bordro:{payment.id}:banka"
    assert draft.tarih == date(2026, 11, 23)
    assert sorted((s.hesap_kod, s.borc, s.alacak) for s in fis.satirlari(draft.id)) == [
        ("102", D(0), NET), ("103", NET, D(0))]
    with pytest.raises(MuhasebeConflict):  # one live per payroll payment
        banka.bordro_banka_cikisi(out.id, payment.id, actor=HAZIRLAYAN[0], actor_id=HAZIRLAYAN[1])
    assert banka.bordro_onerileri(out.id) == []
    with pytest.raises(MuhasebeError):  # the preparer may not approve
        fis.onayla(draft.id, actor=HAZIRLAYAN[0], actor_id=HAZIRLAYAN[1])
    onayla(draft.id)
    assert (bakiye("103") - before[0], bakiye("102") - before[1]) == (NET, -NET)
    assert banka.yeniden_eslestir(statement.id, actor=HAZIRLAYAN[0]) == 1
    db.session.refresh(out)
    assert out.fis_satiri_id is not None and out.eslesme == "otomatik"
    assert db.session.scalar(select(AuditEntry.id).where(AuditEntry.action == "muhasebe.ekstre.bordro_cikisi"))


def test_what_is_not_offered(alfa):
    by_bank = _payroll_paid(f"odeme:2026-11:{uuid.uuid4().hex[:6]}", channel="banka")  # 320 B / 102 A: no 103
    old = _payroll_paid(f"odeme:2026-11:{uuid.uuid4().hex[:6]}", paid_on=date(2026, 10, 1), budget=False)
    _statement, out = _out_line()
    assert banka.bordro_onerileri(out.id) == []  # paid from 102, or more than 31 days before
    for payment in (by_bank, old):
        with pytest.raises(MuhasebeError):
            banka.bordro_banka_cikisi(out.id, payment.id, actor=HAZIRLAYAN[0], actor_id=HAZIRLAYAN[1])
    _statement, other_amount = _out_line("24999,99")
    assert banka.bordro_onerileri(other_amount.id) == []


def test_the_payroll_api_and_page(client):
    with services.bound("alfa"):
        payment = _payroll_paid(f"odeme:2026-11:{uuid.uuid4().hex[:6]}")
        statement, out = _out_line()
        payment_id, out_id, statement_id = payment.id, out.id, statement.id
        db.session.commit()
    path = f"/api/v1/muhasebe/banka/satirlar/{out_id}"
    staff_with(client, "alfa", "muhasebe.goruntule")
    offered = client.get(f"{path}/bordro-odemeleri", headers=H)
    assert offered.status_code == 200 and [(o["fis_id"], o["tutar"]) for o in offered.json] == [
        (payment_id, "25000.00")]
    assert 'name="bordro_fis_id"' in client.get(f"/muhasebe/banka/{statement_id}", headers=H).get_data(as_text=True)
    assert client.post(f"{path}/bordro-odemesi", headers=H, json={"bordro_fis_id": payment_id}).status_code == 403
    staff_with(client, "alfa", "muhasebe.goruntule", "muhasebe.fis.hazirla")
    for bad in ({"bordro_fis_id": 2**63}, {"bordro_fis_id": "x\x00"}, {}):
        answer = client.post(f"{path}/bordro-odemesi", headers=H, json=bad)
        assert answer.status_code == 422 and "bordro_fis_id" in answer.json["errors"], bad
    assert client.get("/api/v1/muhasebe/banka/satirlar/999999999/bordro-odemeleri", headers=H).status_code == 404
    made = client.post(f"{path}/bordro-odemesi", headers=H, json={"bordro_fis_id": payment_id})
    assert made.status_code == 201 and made.json["durum"] == "taslak"
    assert client.post(f"{path}/bordro-odemesi", headers=H, json={"bordro_fis_id": payment_id}).status_code == 409
    page = client.post(f"/muhasebe/banka/satir/{out_id}/bordro-odemesi", headers=H, data={"bordro_fis_id": payment_id})
    assert page.status_code == 409
