"""Database engine setup: SQLite pragmas and write-ahead transactions.

SQLite serialises writers. A request that may write starts with BEGIN IMMEDIATE so
it queues on the busy timeout instead of failing on a stale snapshot; read-only
requests start a plain deferred transaction and never block anyone in WAL mode.
"""
import os

from flask import g, has_request_context, request
from sqlalchemy import event

READ_METHODS = ("GET", "HEAD", "OPTIONS")


def default_sqlite_uri(instance_path):
    os.makedirs(instance_path, exist_ok=True)
    return "sqlite:///" + os.path.join(instance_path, "eoffice.db")


def is_sqlite(engine):
    return engine.dialect.name == "sqlite"


def _wants_write_lock():
    if not has_request_context():
        return True
    return request.method not in READ_METHODS or g.get("writes_expected", False)


def start_writing(session):
    """End a read-only transaction so the next one may write (BEGIN IMMEDIATE on SQLite).

    For the rare GET that records something (opening an item, touching a session):
    upgrading a deferred SQLite read transaction to a write can fail on a stale
    snapshot, so the write gets a transaction of its own.
    """
    session.commit()
    if has_request_context():
        g.writes_expected = True


def migration_filter(dialect):
    """What the model comparison (autogenerate, tests) should look at on this dialect:
    not SQLite's FTS5 tables, which Alembic cannot describe, nor an index the models
    declare for another dialect only."""
    from .models.search_entry import UNMANAGED_TABLES

    def include_object(obj, name, type_, reflected, compare_to):
        if type_ == "table" and name in UNMANAGED_TABLES:
            return False
        condition = getattr(obj, "_ddl_if", None)
        return not (type_ == "index" and condition is not None and condition.dialect is not None
                    and condition.dialect != dialect)

    return include_object


def configure_engine(engine):
    if not is_sqlite(engine):
        return

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _wants_write_lock() else "BEGIN")
