"""The platform's store: one schema (SQLAlchemy Core), its Alembic migrations, and the
engine behind ``platform_sim.db.Database`` -- a SQLite file or PostgreSQL."""
