"""Alembic's environment and the store's revisions (run by ``store.migrate``)."""
