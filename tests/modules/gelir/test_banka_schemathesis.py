"""schemathesis over the contracted banks' operations with a bank's own token (the core's run,
``tests/core/test_security_schemathesis.py``, calls them as a tenant admin, who is no bank
and gets 403): the same checks, all of them, in the positive and the negative mode."""

from __future__ import annotations

from tests.core.test_security_schemathesis import run_all
from tests.plugin import host

from .test_banka import yeni_banka

PREFIX = "/api/v1/gelir/banka/"


def test_the_bank_api_answers_as_its_document_says_to_a_bank(app):
    client = app.test_client()
    _bank, headers = yeni_banka()
    document = client.get("/api/openapi.json", headers={"Host": host("alfa")}).json
    operations, failures, statuses, _modes = run_all(app, headers, document, lambda path: path.startswith(PREFIX))
    assert operations == 6
    assert sorted(set(failures)) == []
    assert 403 not in statuses  # every call was the bank's: none refused as not a bank
    assert any(s < 300 for s in statuses) and not any(s >= 500 for s in statuses)
    print("schemathesis (bank):", operations, "operations,", sum(statuses.values()), "calls,",
          dict(sorted(statuses.items())))
