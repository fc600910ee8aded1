"""Database engine setup: SQLite pragmas and write-ahead transactions.

SQLite serialises writers. A request that may write starts with BEGIN IMMEDIATE so
it queues instead of failing on a stale snapshot; read-only requests start a plain
deferred transaction and never block anyone in WAL mode. Writers wait their turn on a
lock file (WriterTurn) rather than in SQLite's busy handler.
"""
import fcntl
import os
import threading

from flask import g, has_request_context, request
from sqlalchemy import event

READ_METHODS = ("GET", "HEAD", "OPTIONS")


def default_sqlite_uri(instance_path):
    os.makedirs(instance_path, exist_ok=True)
    return "sqlite:///" + os.path.join(instance_path, "eoffice.db")


def is_sqlite(engine):
    return engine.dialect.name == "sqlite"


def writers_run_side_by_side(session):
    """Whether the session's database lets several transactions write at once
    (PostgreSQL), so shared rows need explicit locks; SQLite has one writer at a time."""
    return session.get_bind().dialect.name == "postgresql"


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


class WriterTurn:
    """Writers of one SQLite file queue on an flock of `<database>.writers`, taken just
    before BEGIN IMMEDIATE and given back when the connection returns to the pool (after
    its COMMIT or ROLLBACK). The kernel wakes a waiter as soon as the lock is free;
    SQLite's own busy handler polls with sleeps of up to 100 ms and lets late comers
    overtake, which under load left some sends waiting for seconds.

    A second connection of a process that already holds the turn does not queue (it
    would wait for itself); SQLite's busy timeout orders those two."""

    def __init__(self, database):
        self.path = database + ".writers"
        self.held = 0
        self.mutex = threading.Lock()

    def take(self, info):
        if "writer_turn" in info:
            return
        with self.mutex:
            if self.held:
                return
        handle = open(self.path, "a")  # noqa: SIM115 - closed in give_back
        fcntl.flock(handle, fcntl.LOCK_EX)
        info["writer_turn"] = handle
        with self.mutex:
            self.held += 1

    def give_back(self, info):
        handle = info.pop("writer_turn", None)
        if handle is not None:
            with self.mutex:
                self.held -= 1
            handle.close()  # closing the descriptor releases the flock


def configure_engine(engine):
    if not is_sqlite(engine):
        return
    database = engine.url.database
    turn = WriterTurn(database) if database not in (None, "", ":memory:") \
        and not database.startswith("file:") else None

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
        writing = _wants_write_lock()
        if writing and turn is not None:
            turn.take(connection.connection.info)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    if turn is not None:
        def give_back(_dbapi, record, *_exception):
            if record is not None:
                turn.give_back(record.info)

        # back in the pool after COMMIT or ROLLBACK; or broken and thrown away
        for name in ("checkin", "invalidate", "soft_invalidate"):
            event.listen(engine, name, give_back)
