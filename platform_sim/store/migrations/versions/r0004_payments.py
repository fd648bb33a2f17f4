"""Payments (issue 23): the utilities' bills, the payment gateway's notifies and the
trades they tell of, and a case's payment (a fee's trade numbers, JSON on ``cases``).
Like r0002 it checks first: r0001 creates every table schema.py declares, so a fresh
store already has all of them.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from platform_sim.store.schema import payment_notices, payment_trades, utility_bills

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

NEW_TABLES = (utility_bills, payment_notices, payment_trades)


def upgrade() -> None:
    bind = op.get_bind()
    for table in NEW_TABLES:
        table.create(bind, checkfirst=True)
    if "payment" not in {c["name"] for c in sa.inspect(bind).get_columns("cases")}:
        op.add_column("cases", sa.Column("payment", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("payment")
    for table in reversed(NEW_TABLES):
        table.drop(op.get_bind(), checkfirst=True)
