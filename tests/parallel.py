"""The suite on every core (pytest-xdist, `make test`): what each worker process needs of
its own, and which tests share a worker.

Each worker builds its own session app, prepared SQLite databases and tmp_path
(tests/conftest.py). On PostgreSQL it also needs databases of its own: the ones named in
EOFFICE_TEST_DATABASE_URL and EOFFICE_TEST_MIGRATION_URL with the worker's name added,
`<name>_gw0`, `<name>_gw1`..., created beside them when missing.
"""
import os

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from xdist.scheduler import LoadScopeScheduling

DATABASE_SETTINGS = ("EOFFICE_TEST_DATABASE_URL", "EOFFICE_TEST_MIGRATION_URL")
# The browser tests run on every worker, each with a server and a Chromium of its own
# (package fixtures, started by the first browser test a worker runs). They are dealt
# into one unit of work per worker, handed out first, so that each worker runs its share
# in one stretch and stops its browser before going on: a page-per-test file is dealt
# test by test (its parameters cost about the same), a smaller one whole (it may share a
# module fixture, such as test_read_the_scan's worker).
BROWSER_FOLDER = "tests/browser/"
DEALT_ONE_BY_ONE = 10  # tests in a file, at least


def use_own_databases(worker):
    """Point the PostgreSQL settings at this worker's databases (before any app or
    server started by a test reads them)."""
    for setting in DATABASE_SETTINGS:
        url = os.environ.get(setting, "")
        if url.startswith("postgresql"):
            os.environ[setting] = database_of_its_own(url, worker)


def database_of_its_own(url, worker):
    """`url` with its database renamed `<database>_<worker>`, created if missing."""
    url = make_url(url)
    name = f"{url.database}_{worker}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                       {"name": name})
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


class FolderScheduling(LoadScopeScheduling):
    """`--dist load`, except that the browser tests form one unit of work per worker,
    the largest units, so every worker starts with its share of them."""

    def __init__(self, config, log=None):
        super().__init__(config, log)
        self._browser_units = None

    def _split_scope(self, nodeid):
        if not nodeid.startswith(BROWSER_FOLDER):
            return nodeid
        if self._browser_units is None:
            self._browser_units = deal(
                [test for test in self.collection if test.startswith(BROWSER_FOLDER)],
                max(1, len(self.nodes)))
        return f"{BROWSER_FOLDER}#{self._browser_units[nodeid]}"


def deal(tests, hands):
    """{test id: hand}: a large file's tests round the hands one by one, a small file
    whole to the hand holding fewest tests, so each hand gets a like share of each kind."""
    by_file = {}
    for test in tests:
        by_file.setdefault(test.split("::", 1)[0], []).append(test)
    dealt, held, turn = {}, [0] * hands, 0
    for file_tests in sorted(by_file.values(), key=len, reverse=True):
        if len(file_tests) >= DEALT_ONE_BY_ONE:
            for test in file_tests:
                dealt[test], turn = turn, (turn + 1) % hands
                held[dealt[test]] += 1
        else:
            hand = held.index(min(held))
            for test in file_tests:
                dealt[test] = hand
            held[hand] += len(file_tests)
    return dealt
