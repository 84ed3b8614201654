"""Reading several national figures at once gives what reading each gives, and names the
first figure (in the order asked) that has no value on the day."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from ebelediye import parameters
from ebelediye.extensions import db
from ebelediye.parameters import NationalParameter, ParameterMissing


def test_values_on_is_value_on_for_each_key_in_one_statement():
    day = date(2026, 12, 7)
    keys = tuple(db.session.scalars(select(NationalParameter.key).where(
        NationalParameter.valid_from <= day,
        (NationalParameter.valid_to.is_(None)) | (NationalParameter.valid_to >= day)).distinct().limit(5)))
    assert len(keys) >= 2
    assert parameters.values_on(keys, day) == {key: parameters.value_on(key, day) for key in keys}
    with pytest.raises(ParameterMissing) as missing:
        parameters.values_on((keys[0], "yok.birinci", "yok.ikinci"), day)
    assert missing.value.key == "yok.birinci" and missing.value.day == day
