"""/healthz says ready only when the server can really serve: the database answers,
holds the schema at the code's newest migration, and the attachment store takes
files. Otherwise 503, naming what is wrong (a load balancer then keeps it out)."""
import os

from flask_migrate import upgrade
from sqlalchemy import event, text

from eoffice import create_app
from eoffice.extensions import db
from eoffice.integrity.keys import differing_keys
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


def statements_during(fn):
    """The SQL statements the database is sent while fn runs."""
    sent = []

    def note(_connection, _cursor, statement, *_args):
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return sent


CATALOGUE = ("sqlite_master", "pg_catalog", "pg_tables", "information_schema", "PRAGMA")


def test_a_poll_after_the_first_asks_three_questions_and_writes_no_file(tmp_path):
    """A monitor polls every few seconds: once the database was seen at the newest
    migration, a poll sends no catalogue look-up and creates no file in the store."""
    app = served(tmp_path)
    with app.app_context():
        upgrade()
        assert differing_keys(record=True) == []  # as a server's first start records them
        db.session.commit()
        client = app.test_client()
        first = statements_during(lambda: client.get("/healthz"))
        assert any(word in sql for sql in first for word in CATALOGUE)
        store = os.path.join(app.instance_path, "blobs")
        before = os.stat(store).st_mtime_ns
        responses = []
        later = statements_during(lambda: responses.append(client.get("/healthz")))
        assert responses[0].status_code == 200, responses[0].json
        assert not [sql for sql in later for word in CATALOGUE if word in sql], later
        questions = [sql for sql in later if sql.split()[0].upper() != "BEGIN"]
        assert len(questions) == 3, later  # the database answers, its revision, the keys
        assert os.stat(store).st_mtime_ns == before, "no file made and removed per poll"
        db.engine.dispose()


def test_a_database_taken_back_below_the_code_is_noticed_by_the_next_poll(tmp_path):
    app = served(tmp_path)
    with app.app_context():
        upgrade()
        client = app.test_client()
        assert client.get("/healthz").status_code == 200
        db.session.execute(text("DROP TABLE alembic_version"))
        db.session.commit()
        response = client.get("/healthz")
        assert response.status_code == 503
        assert "no migration recorded" in response.json["checks"]["migrations"]["detail"]
        db.engine.dispose()
