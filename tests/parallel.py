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
# One worker runs all of these, one after another: the browser tests share one server
# and one Chromium (package fixtures), which each worker would otherwise start, and
# two Chromiums at once on a small machine slow each other's timed pages.
SHARED_WORKER_FOLDERS = ("tests/browser/",)


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
    """`--dist load`, except that the tests of a shared-worker folder form one unit of
    work, handed to one worker (the largest units go first, so it starts at once)."""

    def _split_scope(self, nodeid):
        for folder in SHARED_WORKER_FOLDERS:
            if nodeid.startswith(folder):
                return folder
        return nodeid
