"""ÇTV amounts are figures of one year: close the seeded open-ended 2022 rows at the end of
2022, so a later year without its own amounts is missing (the accrual page warns and the
batch refuses) instead of silently charging the 2022 figures (issue 12, item 5).

Only rows the seed wrote (``created_by = 'seed'``) and still open are touched; a figure a
person entered keeps its dates.  Appending next years' rows is the console's job.

Revision ID: p0007
Revises: p0006
Create Date: 2026-12-02
"""
from alembic import op

revision = "p0007"
down_revision = "p0006"
branch_labels = None
depends_on = None


CLOSE_SQL = """
        UPDATE public.national_parameters
           SET valid_to = make_date(CAST(EXTRACT(YEAR FROM valid_from) AS integer), 12, 31)
         WHERE module = 'gelir' AND key LIKE 'ctv.%' AND valid_to IS NULL AND created_by = 'seed'
           AND NOT EXISTS (SELECT 1 FROM public.national_parameters later
                            WHERE later.key = national_parameters.key
                              AND later.valid_from > national_parameters.valid_from)"""


def upgrade() -> None:
    op.execute(CLOSE_SQL)


def downgrade() -> None:
    pass  # the yearly bounds are the law's; reopening them would charge 2022 figures again
