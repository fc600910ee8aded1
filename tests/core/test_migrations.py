"""Migrations and models never drift: upgrade a fresh database, compare with the models."""
import os

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine

from eoffice import create_app
from eoffice.extensions import db


def test_migrations_match_models(tmp_path):
    url = os.environ.get("EOFFICE_TEST_MIGRATION_URL") or f"sqlite:///{tmp_path}/m.db"
    app = create_app("config.TestConfig", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade()
        engine = create_engine(url)
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        engine.dispose()
    assert diff == []
