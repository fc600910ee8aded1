"""One app per test session; each test gets a fresh copy of its database.

SQLite (the default): the schema is created once into a prepared in-memory database,
and each test's connection receives a copy of it through SQLite's backup API (pages,
so the append-only triggers and the FTS5 tables come along). Data that many tests
start from (`org`, the dashboards' `known`) is prepared the same way the first time a
test asks for it, and copied in afterwards.

PostgreSQL (EOFFICE_TEST_DATABASE_URL=postgresql...): the schema is created once and
each test starts from TRUNCATE ... RESTART IDENTITY, so ids start at 1 as on SQLite.

Run in parallel (pytest-xdist, `make test`), each worker is a process of its own with its
own session app, prepared SQLite databases and tmp_path, and on PostgreSQL databases of
its own (tests/parallel.py).

The app's configuration and the attributes tests may change (`request_class`) are put
back after each test, and the app's cache emptied, so no test sees another's changes.
"""
import os
import re
import sqlite3

import pytest
from flask import g
from flask.testing import FlaskClient
from sqlalchemy import event, inspect, text

from eoffice import create_app, queue
from eoffice.extensions import cache, db, limiter
from tests import factories, parallel

POSTGRES = os.environ.get("EOFFICE_TEST_DATABASE_URL", "").startswith("postgresql")


def pytest_configure(config):
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        parallel.use_own_databases(worker)


def pytest_xdist_make_scheduler(config, log):
    """`-n N` (`make test`): the browser tests in one worker (tests/parallel.py)."""
    if config.getvalue("dist") == "load":
        return parallel.FolderScheduling(config, log)
    return None


class RequestClient(FlaskClient):
    """Each request starts with an empty `g`, as it would in a server.

    The test keeps one app context open (so test and app share a session), and Flask
    reuses it for requests; without this, per-request caches in `g` (signed-in user,
    CSRF token, locale) would leak from one request into the next.
    """

    def open(self, *args, **kwargs):
        g.__dict__.clear()
        return super().open(*args, **kwargs)


class Snapshots:
    """Prepared SQLite databases by name, and which one the test's database is a
    pristine copy of (nothing written since it was copied in)."""

    def __init__(self):
        self.saved = {}  # name -> (sqlite3 connection, shape of the records it holds)
        self.current = None
        self.changes_at_copy = None
        self.connection = None  # the app's one in-memory connection (StaticPool)

    def _connection(self):
        if self.connection is None:
            raw = db.engine.raw_connection()
            self.connection = raw.driver_connection
            raw.close()
        return self.connection

    def pristine(self, name):
        return self.current == name and not db.session.new and not db.session.dirty and \
            self._connection().total_changes == self.changes_at_copy

    def save(self, name, records=None):
        db.session.commit()
        prepared = sqlite3.connect(":memory:", check_same_thread=False)
        self._connection().backup(prepared)
        self.saved[name] = (prepared, _shape(records))
        self._mark(name)

    def restore(self, name):
        """Copy the prepared database in; the records it holds, loaded afresh."""
        db.session.rollback()  # ends the transaction; records already held reload
        prepared, shape = self.saved[name]
        prepared.backup(self._connection())
        self._mark(name)
        return _load(shape)

    def _mark(self, name):
        db.session.rollback()  # ends the transaction; records already held reload
        self.current, self.changes_at_copy = name, self._connection().total_changes

    def prepared(self, name, after, build):
        """The records `build()` makes, from a copy when this test's database is still a
        pristine copy of `after`; otherwise built here, as a test would."""
        if POSTGRES or not self.pristine(after):
            return build()
        if name in self.saved:
            return self.restore(name)
        records = build()
        self.save(name, records)
        return _load(_shape(records))


def _shape(records):
    """Records (in dicts, lists, tuples) -> the same with (model, primary key) leaves."""
    if isinstance(records, dict):
        return {key: _shape(value) for key, value in records.items()}
    if isinstance(records, list | tuple):
        return type(records)(_shape(value) for value in records)
    if records is None or isinstance(records, str | int | float):
        return records
    return ("record", type(records), inspect(records).identity)


def _load(shape):
    if isinstance(shape, dict):
        return {key: _load(value) for key, value in shape.items()}
    if isinstance(shape, tuple) and len(shape) == 3 and shape[0] == "record":
        return db.session.get(shape[1], shape[2])
    if isinstance(shape, list | tuple):
        return type(shape)(_load(value) for value in shape)
    return shape


@pytest.fixture(scope="session")
def _session_app(tmp_path_factory):
    app = create_app("config.TestConfig")
    app.instance_path = str(tmp_path_factory.mktemp("instance"))
    app.test_client_class = RequestClient
    snapshots = Snapshots()
    app.extensions["tests.limiter_state"] = dict(vars(limiter))
    with app.app_context():
        db.drop_all()
        db.create_all()
        if not POSTGRES:
            snapshots.save("schema")
        db.session.remove()
    yield app, snapshots
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def _snapshots(_session_app):
    return _session_app[1]


@pytest.fixture
def app(tmp_path, _session_app):
    app, snapshots = _session_app
    config, request_class = dict(app.config), app.request_class
    limiter_state = app.extensions["tests.limiter_state"]
    app.instance_path = str(tmp_path)
    try:
        with app.app_context():
            if POSTGRES:
                _truncate_all()
            else:
                snapshots.restore("schema")
            cache.clear()
            # the job queue and the rate limiter are configured process-wide by the last
            # app made (a test may make its own, e.g. one with limits on): back to this
            # one, the queue with an empty in-memory store as a new app has
            queue.init_app(app)
            vars(limiter).update(limiter_state)
            yield app
            db.session.remove()
    finally:
        app.config.clear()
        app.config.update(config)
        app.request_class = request_class


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
def org(app, _snapshots):
    """A small organisation: one district office with a chain of posts."""
    return _snapshots.prepared("org", after="schema", build=factories.make_org)


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


def statements_during(run):
    """(what run() answers, the SQL statements it sent), counted as a server sees a
    request: the test's session committed and emptied first."""
    count = [0]

    def counter(*_args):
        count[0] += 1

    db.session.commit()
    db.session.expire_all()
    event.listen(db.engine, "before_cursor_execute", counter)
    try:
        answer = run()
    finally:
        event.remove(db.engine, "before_cursor_execute", counter)
    return answer, count[0]


def csrf_token(client, path="/inbox"):
    return csrf_from(client.get(path).get_data(as_text=True))


@pytest.fixture
def shared_app(tmp_path, app, _snapshots):
    """An app whose database several connections can share (a file on SQLite), starting
    from the prepared schema."""
    if POSTGRES:
        yield app
        return
    yield from file_app(tmp_path, _snapshots)


def file_app(tmp_path, snapshots, **config):
    """An app on a copy of the prepared schema in a file of tmp_path (SQLite), in its
    app context; `config` overrides TestConfig's settings."""
    path = tmp_path / "c.db"
    with sqlite3.connect(path) as copy:
        snapshots.saved["schema"][0].backup(copy)
    copy.close()
    shared = create_app("config.TestConfig", SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}", **config)
    shared.instance_path = str(tmp_path)
    shared.test_client_class = RequestClient
    with shared.app_context():
        yield shared
        db.session.remove()
        db.engine.dispose()


MARKED_FOLDERS = {"browser": "browser", "fault": "fault", "deploy": "slow"}  # tests/<folder> -> marker


HEAVY_MARKERS = ("fault", "slow", "ocr", "contract")


def pytest_collection_modifyitems(items):
    """Every test under tests/browser and tests/fault carries its folder's marker, and
    those under tests/deploy (a real nginx stack) `slow`, so `make test-fast` leaves
    them out.

    The long ones (real servers, large data, OCR) come first, so that workers share
    them out early rather than one worker finishing them alone at the end."""
    for item in items:
        parts = item.path.relative_to(item.config.rootpath).parts
        if len(parts) > 2 and parts[0] == "tests" and parts[1] in MARKED_FOLDERS:
            item.add_marker(MARKED_FOLDERS[parts[1]])
    items.sort(key=lambda item: not any(item.get_closest_marker(name) for name in HEAVY_MARKERS))
