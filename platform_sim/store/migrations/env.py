"""Alembic's environment: runs on the connection ``store.migrate.upgrade`` hands it."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from platform_sim.store.schema import metadata

connection: Connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
