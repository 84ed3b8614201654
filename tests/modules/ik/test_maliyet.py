"""The payroll cost page over a range of closed months, by unit or by the economic code of
the people's positions; its CSV; bad ranges refused."""

from __future__ import annotations

import pytest

from ebelediye.extensions import db
from modules.ik.services import bordro
from modules.ik.services.bordro import IkError
from tenants import services
from tests.modules.ik.test_cli_pano import _isci, _run
from tests.plugin import host, staff_with

H = {"Host": host("alfa")}


def test_a_range_adds_up_its_months_and_counts_each_person_once(client):
    _isci("alfa", "Fen İşleri Müdürlüğü", "40000.00")
    _isci("alfa", "Temizlik İşleri Müdürlüğü", "30000.00")
    for donem in ("2026-03", "2026-04"):
        _run("alfa", donem, close=True)
    _run("alfa", "2026-05", close=False)  # a draft is not a cost
    with services.bound("alfa"):
        march, april = bordro.maliyet("2026-03"), bordro.maliyet("2026-04")
        both = bordro.maliyet("2026-03", "2026-05")
        assert sum(r.toplam for r in both) == sum(r.toplam for r in march) + sum(r.toplam for r in april)
        fen = next(r for r in both if r.ad == "Fen İşleri Müdürlüğü")
        assert fen.kisi == 1 and fen.brut == 2 * next(r for r in march if r.ad == "Fen İşleri Müdürlüğü").brut
        assert bordro.maliyet_kisi("2026-03", "2026-05") == 2
        by_code = bordro.maliyet("2026-03", "2026-04", "ekonomik")
        assert [(r.kod, r.ad) for r in by_code] == [("01.3", "İşçiler")]
        assert by_code[0].toplam == sum(r.toplam for r in both)
        for args in (("2026-04", "2026-03"), ("2020-01", "2026-04"), ("2026-13", None), ("2026-03", "2026-04", "x")):
            with pytest.raises(IkError):
                bordro.maliyet(*args)
        db.session.commit()
    staff_with(client, "alfa", "ik.bordro.hazirla")
    page = client.get("/ik/bordro/maliyet?donem=2026-03&bitis=2026-04&gore=ekonomik", headers=H)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Ekonomik koda göre bordro maliyeti" in text and "İşçiler" in text
    assert "2026-03 – 2026-04" in text
    # the two months picked the other way round are read as the range they name
    swapped = client.get("/ik/bordro/maliyet?donem=2026-04&bitis=2026-03&gore=birim", headers=H)
    assert swapped.status_code == 200 and "2026-03 – 2026-04" in swapped.get_data(as_text=True)
    csv = client.get("/ik/bordro/maliyet.csv?donem=2026-03&bitis=2026-04&gore=ekonomik", headers=H)
    assert csv.status_code == 200 and csv.get_data(as_text=True).splitlines()[1].startswith("01.3;İşçiler;2;140000,00;")
    assert "bordro-maliyeti-2026-03-2026-04-ekonomik.csv" in csv.headers["Content-Disposition"]
    for bad in ("gore=il", "bitis=2026-13", "bitis=%3Cb%3E"):
        assert client.get(f"/ik/bordro/maliyet?donem=2026-03&{bad}", headers=H).status_code == 422, bad
