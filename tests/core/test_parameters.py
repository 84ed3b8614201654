"""Reading several national figures at once gives what reading each gives, and names the
first figure (in the order asked) that has no value on the day; so does reading a
figure's history once and taking its spans and values from it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

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


def test_history_read_once_gives_what_spans_and_value_on_read_each_time():
    key = db.session.scalar(select(NationalParameter.key).group_by(NationalParameter.key)
                            .order_by(func.count().desc(), NationalParameter.key).limit(1))
    other = db.session.scalar(select(NationalParameter.key).where(NationalParameter.key != key).limit(1))
    found = parameters.history((key, other, "yok.hic"))
    assert found["yok.hic"] == [] and len(found[key]) >= 2
    first, last = found[key][0][0], found[key][-1][0]
    for day in (first, first + timedelta(days=1), last - timedelta(days=1), last, last + timedelta(days=400)):
        assert parameters.value_in(key, day, found[key]) == parameters.value_on(key, day)
        assert parameters.spans(key, first, day, found[key]) == parameters.spans(key, first, day)
    with pytest.raises(ParameterMissing) as missing:
        parameters.value_in(key, first - timedelta(days=1), found[key])
    assert missing.value.key == key and missing.value.day == first - timedelta(days=1)
    with pytest.raises(ParameterMissing):
        parameters.spans(key, first - timedelta(days=1), last, found[key])
