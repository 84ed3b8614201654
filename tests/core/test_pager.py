"""The pager's links keep a list's filters, encoded (``ebelediye.web.query_string``)."""

from urllib.parse import parse_qs

from ebelediye.web import Pager, query_string


def test_filters_survive_the_next_page_whatever_they_contain():
    encoded = query_string({"q": "Ali & Veli %50 #1", "durum": "", "birim": 7, "tur": None}, "q", "durum", "birim", "tur")
    assert parse_qs(encoded) == {"q": ["Ali & Veli %50 #1"], "birim": ["7"]}
    assert query_string({"q": ""}, "q") == ""


def test_the_pager_counts_pages_from_the_total():
    assert (Pager(1, 0, 25).pages, Pager(1, 25, 25).pages, Pager(2, 26, 25).pages) == (1, 1, 2)
    assert not Pager(2, 26, 25).has_next and Pager(2, 26, 25).has_prev
