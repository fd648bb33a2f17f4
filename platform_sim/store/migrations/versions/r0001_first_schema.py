"""The first schema: every table of the simulator as it was when migrations began.

It creates what is missing and leaves what exists: a fresh store gets every table,
a file from an older simulator gets the tables its version did not have yet. Later
revisions add to it and check first as well (r0002), since this one takes the tables
as schema.py declares them.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from alembic import op

from platform_sim.store.schema import metadata

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    metadata.create_all(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    metadata.drop_all(op.get_bind())
