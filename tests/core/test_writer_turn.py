"""Writers of one SQLite file take turns on `<database>.writers` (database.WriterTurn):
a writer in another process waits on that lock, not in SQLite's busy handler, and the
turn is given back when the connection returns to the pool."""
import fcntl
import subprocess
import sys
import time

from sqlalchemy import create_engine, text

from eoffice.database import configure_engine

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


def test_writers_queue_on_the_lock_file_and_give_it_back(tmp_path):
    database = str(tmp_path / "turns.db")
    engine = create_engine("sqlite:///" + database)
    configure_engine(engine)
    with engine.connect() as connection:
        connection.execute(text("CREATE TABLE t (n INTEGER)"))
        connection.commit()
    assert _is_free(database + ".writers")  # given back after COMMIT

    with open(database + ".writers", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # another writer's turn
        writer = subprocess.Popen([sys.executable, "-c", WRITER, database],
                                  stdout=subprocess.PIPE, text=True)
        time.sleep(1.5)
        assert writer.poll() is None  # waiting for its turn though SQLite itself is free
    assert writer.communicate(timeout=30)[0].strip() == "written"
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM t")).scalar() == 1
        connection.rollback()
    assert _is_free(database + ".writers")
    engine.dispose()


def _is_free(path):
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True
