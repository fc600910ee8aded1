"""Writers of one SQLite file take turns on `<database>.writers` (database.WriterTurn):
a writer in another process waits on that lock, not in SQLite's busy handler, and the
turn is given back when the connection returns to the pool. A transaction reads
without a turn; its first write, a locking read or `lock_for_writing` takes one."""
import fcntl
import os
import subprocess
import sys
import time

import pytest
from sqlalchemy import column, create_engine, select, table, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from eoffice.database import configure_engine, lock_for_writing

WRITER = """
import sys, time
from sqlalchemy import create_engine, text
from eoffice.database import configure_engine
engine = create_engine("sqlite:///" + sys.argv[1])
configure_engine(engine)
with engine.connect() as connection:
    connection.execute(text("INSERT INTO t VALUES (1)"))
    connection.commit()
print("written", flush=True)
"""


def engine_with_table(tmp_path):
    database = str(tmp_path / "turns.db")
    engine = create_engine("sqlite:///" + database)
    configure_engine(engine)
    with engine.connect() as connection:
        connection.execute(text("CREATE TABLE t (n INTEGER)"))
        connection.commit()
    return engine, database + ".writers"


@pytest.fixture
def turns(tmp_path):
    """(engine, its lock file) on a fresh database with a table t; each test ends with
    the turn given back."""
    engine, turn = engine_with_table(tmp_path)
    yield engine, turn
    assert _is_free(turn)
    engine.dispose()


def test_writers_queue_on_the_lock_file_and_give_it_back(turns):
    engine, turn = turns
    assert _is_free(turn)  # given back after COMMIT

    with open(turn, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # another writer's turn
        writer = subprocess.Popen([sys.executable, "-c", WRITER, engine.url.database],
                                  stdout=subprocess.PIPE, text=True)
        time.sleep(1.5)
        assert writer.poll() is None  # waiting for its turn though SQLite itself is free
    assert writer.communicate(timeout=30)[0].strip() == "written"
    with engine.connect() as connection:
        assert rows(connection) == 1
        connection.rollback()


def test_reads_take_no_turn_and_a_write_after_them_sees_current_rows(turns):
    engine, turn = turns
    with engine.connect() as reader:
        assert rows(reader) == 0
        assert _is_free(turn)  # reading waits for no one
        with engine.connect() as other:  # another writer commits meanwhile
            other.execute(text("INSERT INTO t VALUES (1)"))
            other.commit()
        assert rows(reader) == 0  # its snapshot
        # a plain SQLite upgrade of that stale snapshot would fail (SQLITE_BUSY_SNAPSHOT)
        reader.execute(text("INSERT INTO t VALUES (2)"))
        assert not _is_free(turn)
        assert rows(reader) == 2  # current rows
        reader.commit()


def test_a_locking_read_or_lock_for_writing_takes_the_turn(tmp_path):
    engine, turn = engine_with_table(tmp_path)
    with engine.connect() as connection:
        connection.execute(select(table("t", column("n"))).with_for_update()).all()
        assert not _is_free(turn)
        connection.rollback()
    assert _is_free(turn)
    with Session(engine) as session:
        session.execute(text("SELECT 1"))
        assert _is_free(turn)
        lock_for_writing(session)
        assert not _is_free(turn)
        session.commit()
        assert _is_free(turn)
    engine.dispose()


def rows(connection):
    return connection.execute(text("SELECT count(*) FROM t")).scalar()


def _is_free(path):
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True


def _frees_within(path, seconds):
    deadline = time.monotonic() + seconds
    while not _is_free(path):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_a_writer_waits_at_most_the_busy_timeout_then_is_told_the_database_is_busy(tmp_path):
    """A turn held too long (a stuck maintenance job) must not hold every worker: the
    waiting writer gives up after the busy timeout with SQLite's own "busy" error, which
    the portal answers with its documented 503."""
    database = str(tmp_path / "turns.db")
    engine = create_engine("sqlite:///" + database)
    configure_engine(engine, busy_seconds=1)
    with engine.connect() as connection:
        connection.execute(text("CREATE TABLE t (n INTEGER)"))
        connection.commit()
    with open(database + ".writers", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # another process's turn, held for long
        started = time.monotonic()
        with engine.connect() as connection:
            try:
                connection.execute(text("INSERT INTO t VALUES (1)"))
            except OperationalError as error:
                assert "busy" in str(error).lower() or "locked" in str(error).lower()
            else:
                raise AssertionError("the write went through a turn held by someone else")
            connection.rollback()
        waited = time.monotonic() - started
        assert 0.9 < waited < 5, waited
        with Session(engine) as session:  # lock_for_writing gives up the same way
            try:
                lock_for_writing(session)
            except OperationalError:
                pass
            else:
                raise AssertionError("lock_for_writing went through a held turn")
    # once it is free, the next writer gets its turn (the abandoned wait gave it back)
    with engine.connect() as connection:
        connection.execute(text("INSERT INTO t VALUES (2)"))
        connection.commit()
        assert rows(connection) == 1
    # the abandoned waits' helper threads each take the flock when it comes free and
    # close it at once: on a busy machine one may still be between the two
    assert _frees_within(database + ".writers", seconds=10)
    engine.dispose()


def test_the_write_ahead_log_is_cut_back_to_its_limit(tmp_path):
    """A big transaction, or readers that always overlap, leave the WAL file large; the
    next writer past the limit truncates it, so it cannot grow without end."""
    database = str(tmp_path / "wal.db")
    engine = create_engine("sqlite:///" + database)
    configure_engine(engine, wal_limit_mb=1)
    blob = "x" * 4000
    with engine.connect() as connection:
        connection.execute(text("CREATE TABLE t (n INTEGER, body TEXT)"))
        connection.commit()
        reader = engine.connect()  # a reader holding its snapshot across the writes
        reader.execute(text("SELECT count(*) FROM t")).scalar()
        for batch in range(6):
            connection.execute(text("INSERT INTO t VALUES (:n, :body)"),
                               [{"n": n, "body": blob} for n in range(300)])
            connection.commit()
        reader.rollback()
        reader.close()
        assert os.path.getsize(database + "-wal") > 4 * 1024 * 1024  # grew meanwhile
        time.sleep(1.1)  # past the once-a-second retry
        connection.execute(text("INSERT INTO t VALUES (1, 'small')"))
        connection.commit()
    assert os.path.getsize(database + "-wal") <= 1024 * 1024
    engine.dispose()


def test_each_connection_gets_the_page_cache_and_memory_map_configured(tmp_path):
    engine = create_engine("sqlite:///" + str(tmp_path / "sized.db"))
    configure_engine(engine, cache_mb=48, mmap_mb=256)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -48 * 1024
        assert connection.exec_driver_sql("PRAGMA mmap_size").scalar() == 256 * 1024 * 1024
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL kept
    engine.dispose()


def test_the_portal_passes_its_sqlite_settings_to_the_engine(tmp_path, monkeypatch):
    from config import Config
    from eoffice import create_app
    from eoffice.extensions import db

    # The PostgreSQL pass's test configuration carries PostgreSQL connection options,
    # which an SQLite database would refuse: this app starts from the portal's own.
    app = create_app("config.TestConfig", SQLALCHEMY_DATABASE_URI="sqlite:///" +
                     str(tmp_path / "portal.db"), SQLITE_CACHE_MB=8, SQLITE_MMAP_MB=64,
                     SQLALCHEMY_ENGINE_OPTIONS=Config.SQLALCHEMY_ENGINE_OPTIONS)
    with app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -8 * 1024
        assert connection.exec_driver_sql("PRAGMA mmap_size").scalar() == 64 * 1024 * 1024
