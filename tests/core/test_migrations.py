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
            # the same triggers as the models attach, condition and keys alike
            not_as_attached = triggers.missing(connection)
    engine.dispose()
    assert diff == []
    assert set(made) == _attached_trigger_names(engine.dialect.name)
    assert not_as_attached == []


def _attached_trigger_names(dialect):
    return {name for table, when in triggers.ATTACHED.items()
            for name in triggers.trigger_names(dialect, table, when)}
