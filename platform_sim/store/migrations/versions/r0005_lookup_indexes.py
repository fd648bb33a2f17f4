"""Indexes for the look-ups every fleet request makes: a case's events (and the next
event's number), a pickup code's rows, a case's codes. Without them PostgreSQL read
whole tables on each event and each pickup check (at 200 kiosks its CPU was three
quarters of the machine). A store made since has them from r0001 (which creates what
schema.py declares); an older one gets them here.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from platform_sim.store.schema import case_events, pickup_codes

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TABLES = (case_events, pickup_codes)
NAMES = ("case_events_by_case", "pickup_codes_by_code", "pickup_codes_by_case")


def upgrade() -> None:
    bind = op.get_bind()
    for table in TABLES:
        have = {i["name"] for i in sa.inspect(bind).get_indexes(table.name)}
        for index in table.indexes:
            if index.name in NAMES and index.name not in have:
                index.create(bind)


def downgrade() -> None:
    for name in NAMES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
