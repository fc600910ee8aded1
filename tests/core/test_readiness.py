"""/healthz says ready only when the server can really serve: the database answers,
holds the schema at the code's newest migration, and the attachment store takes
files. Otherwise 503, naming what is wrong (a load balancer then keeps it out)."""
from flask_migrate import upgrade
from sqlalchemy import text

from eoffice import create_app
from eoffice.extensions import db
from eoffice.readiness import check_migrations, migration_heads, readiness


def served(tmp_path, **config):
    app = create_app("config.TestConfig", SCHEMA_FROM_MIGRATIONS=True, SQLALCHEMY_ENGINE_OPTIONS={},
                     SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/eoffice.db", **config)
    app.instance_path = str(tmp_path)
    return app


def test_a_database_without_the_schema_is_not_ready(tmp_path):
    """A wrong EOFFICE_INSTANCE or DATABASE_URL: a new, empty database that answers."""
    app = served(tmp_path)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "not_ready"
    assert response.json["database"] == "ok"
    migrations = response.json["checks"]["migrations"]
    assert not migrations["ok"] and "no schema" in migrations["detail"]
    assert "db upgrade" in migrations["detail"]


def test_a_database_behind_the_code_is_not_ready_until_upgraded(tmp_path):
    app = served(tmp_path)
    with app.app_context():
        upgrade()
        head = next(iter(migration_heads()))
        assert app.test_client().get("/healthz").status_code == 200
        assert check_migrations().ok
        db.session.execute(text("UPDATE alembic_version SET version_num = '1000_pending_counts'"))
        db.session.commit()
        response = app.test_client().get("/healthz")
        assert response.status_code == 503
        detail = response.json["checks"]["migrations"]["detail"]
        assert "1000_pending_counts" in detail and head in detail and "db upgrade" in detail
        db.session.execute(text("DROP TABLE alembic_version"))
        db.session.commit()
        assert "no migration recorded" in check_migrations().detail
        db.engine.dispose()


def test_ready_names_every_check(app):
    assert [check.name for check in readiness()] == ["database", "migrations", "attachments",
                                                     "keys"]
    assert all(check.ok for check in readiness())
