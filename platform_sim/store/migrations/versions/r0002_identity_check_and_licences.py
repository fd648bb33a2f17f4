"""Columns added after the first release: the identity check of a case and of its
events, the electronic licences a case used. A file from before them gets them here.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

#: (table, column) added, all nullable TEXT
ADDED_COLUMNS = (
    ("cases", "identity_check"),
    ("case_events", "identity_check"),
    ("cases", "e_licences"),
)


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    for table, column in ADDED_COLUMNS:
        if column not in {c["name"] for c in inspector.get_columns(table)}:
            op.add_column(table, sa.Column(column, sa.Text, nullable=True))


def downgrade() -> None:
    for table, column in ADDED_COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
