"""Migrations and models never drift: upgrade a fresh database, compare with the models
(tables, columns, indexes, and the append-only triggers the models attach)."""
import os

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from eoffice import create_app
from eoffice.database import migration_filter
from eoffice.extensions import db
from eoffice.integrity import triggers

TRIGGERS_SQL = {
    "sqlite": "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'",
    "postgresql": "SELECT tgname, NULL FROM pg_trigger WHERE NOT tgisinternal",
}


def test_migrations_match_models(tmp_path):
    url = os.environ.get("EOFFICE_TEST_MIGRATION_URL") or f"sqlite:///{tmp_path}/m.db"
    app = create_app("config.TestConfig", SQLALCHEMY_DATABASE_URI=url)
    engine = create_engine(url)
    if engine.dialect.name == "postgresql":  # start from an empty database every time
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    with app.app_context():
        upgrade()
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={
                "include_object": migration_filter(engine.dialect.name)})
            diff = compare_metadata(context, db.metadata)
            made = dict(connection.execute(text(TRIGGERS_SQL[engine.dialect.name])).all())
    engine.dispose()
    assert diff == []
    assert set(made) == _attached_trigger_names(engine.dialect.name)
    if engine.dialect.name == "sqlite":  # the same condition as the model's (note: finals only)
        for table, when in triggers.ATTACHED.items():
            for statement in triggers.statements("sqlite", table, when):
                name = statement.split()[5]
                assert made[name] == statement.replace("IF NOT EXISTS ", ""), name


def _attached_trigger_names(dialect):
    return {name for table in triggers.ATTACHED for name in triggers.trigger_names(dialect, table)}
