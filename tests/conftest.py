"""A fresh database per test: in-memory SQLite, or PostgreSQL when
EOFFICE_TEST_DATABASE_URL is set (CI does)."""
import os
import re

import pytest
from flask import g
from flask.testing import FlaskClient
from sqlalchemy import text

from eoffice import create_app
from eoffice.extensions import db
from tests import factories

POSTGRES = os.environ.get("EOFFICE_TEST_DATABASE_URL", "").startswith("postgresql")


@pytest.fixture(scope="session")
def _schema_ready():
    return {"created": False}


class RequestClient(FlaskClient):
    """Each request starts with an empty `g`, as it would in a server.

    The test keeps one app context open (so test and app share a session), and Flask
    reuses it for requests; without this, per-request caches in `g` (signed-in user,
    CSRF token, locale) would leak from one request into the next.
    """

    def open(self, *args, **kwargs):
        g.__dict__.clear()
        return super().open(*args, **kwargs)


@pytest.fixture
def app(tmp_path, _schema_ready):
    app = create_app("config.TestConfig")
    app.instance_path = str(tmp_path)
    app.test_client_class = RequestClient
    with app.app_context():
        if POSTGRES:
            if not _schema_ready["created"]:
                db.drop_all()
                db.create_all()
                _schema_ready["created"] = True
            _truncate_all()
        else:
            db.create_all()
        yield app
        db.session.remove()
        if not POSTGRES:
            db.drop_all()


def _truncate_all():
    """Empty every table between tests. The append-only tables refuse TRUNCATE; a
    superuser's session in replica mode fires no triggers (verify would flag a trigger
    left disabled, so none is touched)."""
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    db.session.execute(text("SET LOCAL session_replication_role = replica"))
    db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    db.session.commit()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def org(app):
    """A small organisation: one district office with a chain of posts."""
    return factories.make_org()


CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                     r'name="csrf_token" value="([^"]+)"')


def csrf_from(html):
    match = CSRF_RE.search(html)
    assert match, "page has no CSRF token"
    return match.group(1) or match.group(2)


def login(client, username, password=factories.PASSWORD):
    page = client.get("/login")
    token = csrf_from(page.get_data(as_text=True))
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token})


def csrf_token(client, path="/inbox"):
    return csrf_from(client.get(path).get_data(as_text=True))


@pytest.fixture
def shared_app(tmp_path, app):
    """An app whose database several connections can share."""
    if POSTGRES:
        yield app
        return
    shared = create_app("config.TestConfig", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/c.db")
    shared.instance_path = str(tmp_path)
    shared.test_client_class = RequestClient
    with shared.app_context():
        db.create_all()
        yield shared
        db.session.remove()
        db.engine.dispose()
