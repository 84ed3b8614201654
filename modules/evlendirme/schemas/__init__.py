"""Evlendirme's inputs (``ebelediye.inputs``), one file per area, for pages and API alike."""
