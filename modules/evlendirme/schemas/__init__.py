"""Evlendirme's inputs (``ebelediye.inputs``), one file per area, for pages and API alike."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import pre_load

from ebelediye import inputs


class Girdi(inputs.Input):
    """An input whose optional numbers, days and choices may arrive as an empty form field:
    an empty value is an absent one (its default applies), not a malformed number."""

    @pre_load
    def _empty_is_absent(self, data: Any, **kwargs: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        by_key = {field.data_key or name: field for name, field in self.fields.items()}
        return {key: value for key, value in data.items()
                if not (value == "" and key in by_key and not isinstance(by_key[key], inputs.Text)
                        and not by_key[key].required)}
