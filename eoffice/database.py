"""Database engine setup: SQLite pragmas and write-ahead transactions.

SQLite serialises writers. Every transaction starts as a plain (deferred) read that
never blocks anyone in WAL mode. Just before its first write, or a read that locks
rows (FOR UPDATE), the transaction becomes the writer: what it has read so far ends,
it waits its turn on a lock file (WriterTurn), and carries on in BEGIN IMMEDIATE, so
everything it reads from then on is current and stays so until it commits. Reads
before that point are a consistent snapshot that may be a moment old, as reads under
PostgreSQL's READ COMMITTED are: what a write depends on is guarded there as here, by
the items' version column or an explicit lock (`lock_for_writing`, FOR UPDATE).
"""
import fcntl
import os
import sqlite3
import threading
import time

from sqlalchemy import event, exc
from sqlalchemy.orm import object_session

READS = ("SELECT", "PRAGMA", "EXPLAIN")


def default_sqlite_uri(instance_path):
    os.makedirs(instance_path, exist_ok=True)
    return "sqlite:///" + os.path.join(instance_path, "eoffice.db")


def is_sqlite(engine):
    return engine.dialect.name == "sqlite"


def writers_run_side_by_side(session):
    """Whether the session's database lets several transactions write at once
    (PostgreSQL), so shared rows need explicit locks; SQLite has one writer at a time."""
    return session.get_bind().dialect.name == "postgresql"


def lock_for_writing(session):
    """From here to the commit this transaction is the writer (SQLite): reads that a
    write will depend on see current data that no one else changes meanwhile. On
    PostgreSQL callers lock what they need (rows, advisory locks) themselves."""
    connection = session.connection()
    if is_sqlite(connection.engine):
        try:
            _become_writer(connection.connection.dbapi_connection, connection.connection.info)
        except WritersBusy as error:  # as SQLAlchemy wraps it when a statement waits
            raise exc.OperationalError("BEGIN IMMEDIATE", None, error) from error


def lock_row(record, key_share=False):
    """Re-read a record under a row lock (on SQLite the locking read makes the transaction
    the writer): a check of its state then sees the latest, and nobody else changes it
    before this transaction ends. Call it before changing the record.

    key_share: PostgreSQL's FOR NO KEY UPDATE, which lets other transactions insert rows
    that refer to this one meanwhile (an audit event naming the user, say), so a
    transaction that holds the lock and then waits for the audit chain cannot deadlock
    with one that holds the chain and is inserting such a row."""
    object_session(record).refresh(record, with_for_update={"key_share": True} if key_share
                                   else True)


def start_writing(session):
    """For the rare GET that records something (opening an item, touching a session):
    end what was read so far and write in a transaction that reads current rows."""
    session.commit()
    lock_for_writing(session)


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


class WritersBusy(sqlite3.OperationalError):
    """The turn stayed taken longer than the busy timeout (a stuck writer, a long
    maintenance job): SQLite's own "database is locked", answered with a 503."""


class WriterTurn:
    """Writers of one SQLite file queue on an flock of `<database>.writers`, taken just
    before BEGIN IMMEDIATE and given back when the connection returns to the pool (after
    its COMMIT or ROLLBACK). The kernel wakes a waiter as soon as the lock is free;
    SQLite's own busy handler polls with sleeps of up to 100 ms and lets late comers
    overtake, which under load left some sends waiting for seconds.

    A writer waits at most `busy_seconds` (SQLite's busy timeout), then gives up with
    WritersBusy: a turn held for minutes must not hold every worker of the server.
    flock has no timeout, so a contended wait blocks in a helper thread; if the writer
    gave up meanwhile, the helper hands the turn straight back once it gets it.

    A second connection of a process that already holds the turn does not queue (it
    would wait for itself); SQLite's busy timeout orders those two."""

    def __init__(self, database, busy_seconds):
        self.path = database + ".writers"
        self.busy_seconds = busy_seconds
        self.held = 0
        self.mutex = threading.Lock()

    def take(self, info):
        if "writer_turn" in info:
            return
        with self.mutex:
            if self.held:
                return
        handle = open(self.path, "a")  # noqa: SIM115 - closed in give_back
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not _wait_for_lock(handle, self.busy_seconds):
                raise WritersBusy(f"database is locked: writers busy for over "
                                  f"{self.busy_seconds:g} s") from None
        info["writer_turn"] = handle
        with self.mutex:
            self.held += 1

    def give_back(self, info):
        handle = info.pop("writer_turn", None)
        if handle is not None:
            with self.mutex:
                self.held -= 1
            handle.close()  # closing the descriptor releases the flock


def _wait_for_lock(handle, seconds):
    """Block on the flock for at most `seconds`; True once held. On a timeout the
    handle belongs to the helper thread, which closes it (freeing the lock) when its
    flock returns."""
    state = {"given_up": False, "held": False}
    mutex, done = threading.Lock(), threading.Event()

    def wait():
        fcntl.flock(handle, fcntl.LOCK_EX)
        with mutex:
            if state["given_up"]:
                handle.close()
            else:
                state["held"] = True
        done.set()

    threading.Thread(target=wait, name="sqlite-writer-turn", daemon=True).start()
    done.wait(seconds)
    with mutex:
        if not state["held"]:
            state["given_up"] = True
        return state["held"]


class _NoTurn:
    """An in-memory database has no file to queue on."""

    def take(self, info):
        pass

    def give_back(self, info):
        pass


NO_TURN = _NoTurn()


class WalBound:
    """Keeps the write-ahead log near `limit` bytes. Under steady load some reader always
    uses the log, so SQLite's automatic (passive) checkpoints copy pages back but never
    start the log again, and it grows without end (208 MB beside an 8 MB database after
    a minute at 32 clients). A writer that finds it past the limit, on giving back its
    turn, runs a TRUNCATE checkpoint, waiting a moment at most for readers; if some
    reader outlasts that, a later writer tries again (at most once a second)."""

    READER_WAIT_MS = 200

    def __init__(self, path, limit):
        self.path, self.limit = path, limit
        self.next_try = 0.0

    def check(self, dbapi_connection):
        try:
            size = os.stat(self.path).st_size
        except OSError:
            return
        now = time.monotonic()
        if size <= self.limit or now < self.next_try:
            return
        self.next_try = now + 1
        timeout = dbapi_connection.execute("PRAGMA busy_timeout").fetchone()[0]
        try:
            dbapi_connection.execute(f"PRAGMA busy_timeout={self.READER_WAIT_MS}")
            dbapi_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        except sqlite3.Error:
            pass  # full disk, a reader that stayed: the next writer tries again
        finally:
            dbapi_connection.execute(f"PRAGMA busy_timeout={timeout}")


def _is_read(statement, context):
    """A plain read; anything else (a write, a FOR UPDATE read, a WITH that may write, a
    savepoint) first makes the transaction the writer."""
    if context is not None and context.compiled is not None and \
            getattr(context.compiled.statement, "_for_update_arg", None) is not None:
        return False  # FOR UPDATE: SQLite does not render it; being the writer is the lock
    return statement.lstrip()[:7].upper().startswith(READS)


def _become_writer(dbapi_connection, info):
    if info.get("writing"):
        return
    info["turn"].take(info)
    if dbapi_connection.in_transaction:
        dbapi_connection.execute("COMMIT")  # the reads so far; nothing was written yet
    dbapi_connection.execute("BEGIN IMMEDIATE")
    info["writing"] = True


def configure_engine(engine, busy_seconds=15, wal_limit_mb=64, cache_mb=None, mmap_mb=0):
    """SQLite: foreign keys, WAL, FULL sync, the writers' turn. A writer waits at most
    `busy_seconds` for the database (its turn, then SQLite's busy handler); the WAL is
    cut back to `wal_limit_mb` after checkpoints. Each connection keeps up to `cache_mb`
    of pages (None: SQLite's 2 MB) and reads the file through a memory map of up to
    `mmap_mb` (0: read into its cache instead)."""
    if not is_sqlite(engine):
        return
    database = engine.url.database
    turn = WriterTurn(database, busy_seconds) if database not in (None, "", ":memory:") \
        and not database.startswith("file:") else NO_TURN
    wal_limit = int(wal_limit_mb * 1024 * 1024)
    cut_back = WalBound(database + "-wal", wal_limit) if turn is not NO_TURN else None

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_seconds * 1000)}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA journal_size_limit={wal_limit}")
        cursor.execute("PRAGMA synchronous=FULL")
        if cache_mb is not None:
            cursor.execute(f"PRAGMA cache_size={-int(cache_mb * 1024)}")  # negative: KiB
        if mmap_mb:
            cursor.execute(f"PRAGMA mmap_size={int(mmap_mb * 1024 * 1024)}")
        cursor.close()
        record.info["turn"] = turn

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        connection.connection.info.pop("writing", None)
        connection.exec_driver_sql("BEGIN")

    @event.listens_for(engine, "before_cursor_execute")
    def before_execute(connection, _cursor, statement, _parameters, context, _many):
        info = connection.connection.info
        if not info.get("writing") and statement != "BEGIN" and not _is_read(statement, context):
            _become_writer(connection.connection.dbapi_connection, info)

    def give_back(dbapi_connection, record, *exception):
        if record is not None:
            if cut_back is not None and not exception and "writer_turn" in record.info:
                cut_back.check(dbapi_connection)  # still the writer: nobody appends meanwhile
            record.info.pop("writing", None)
            turn.give_back(record.info)

    # back in the pool after COMMIT or ROLLBACK; or broken and thrown away
    for name in ("checkin", "invalidate", "soft_invalidate"):
        event.listen(engine, name, give_back)
