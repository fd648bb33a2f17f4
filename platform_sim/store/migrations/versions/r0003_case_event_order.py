"""A case's events get their order of arrival as a number (``case_events.seq``): the
history was ordered by SQLite's rowid, which PostgreSQL does not have. Events already
in a SQLite file take their rowid, which keeps their order and stays below the next
number their case gives (one more than its highest).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if "seq" not in {c["name"] for c in sa.inspect(bind).get_columns("case_events")}:
        op.add_column("case_events", sa.Column("seq", sa.Integer, nullable=True))
    if bind.dialect.name == "sqlite":
        op.execute("UPDATE case_events SET seq = rowid WHERE seq IS NULL")


def downgrade() -> None:
    with op.batch_alter_table("case_events") as batch:
        batch.drop_column("seq")
