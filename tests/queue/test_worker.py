"""A real worker process (`flask eoffice worker`) on the default SQLite store: a job
whose worker is killed mid-run completes once after a restart, and a worker stopped
with Ctrl-C exits cleanly."""
import os
import signal
import subprocess
import sys
import time

import pytest

from eoffice import create_app, queue
from eoffice.extensions import db
from tests.queue import jobs_for_tests  # noqa: F401 - registers the test job kinds

pytestmark = pytest.mark.slow  # two real worker processes, a lease to wait out

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LEASE = 2


@pytest.fixture
def setting(tmp_path):
    database = f"sqlite:///{tmp_path}/eoffice.db"
    app = create_app("config.TestConfig", SQLALCHEMY_DATABASE_URI=database, QUEUE_URL=None,
                     SQLALCHEMY_ENGINE_OPTIONS={},
                     QUEUE_LEASE_SECONDS=LEASE)
    app.instance_path = str(tmp_path)
    queue.init_app(app)  # the default store: instance/queue.sqlite3
    env = {**os.environ, "DATABASE_URL": database, "EOFFICE_INSTANCE": str(tmp_path),
           "EOFFICE_QUEUE_LEASE_SECONDS": str(LEASE), "EOFFICE_QUEUE_URL": "",
           "SECRET_KEY": "worker-test", "EOFFICE_AUDIT_KEY": "worker-test"}
    with app.app_context():
        db.create_all()
        yield app, env
        db.session.remove()
        db.engine.dispose()


def start_worker(env, tmp_path, name):
    log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 - closed by the OS with the test
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "tests.queue.worker_app", "eoffice", "worker",
         "--threads", "1"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_for(predicate, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def job_state(folder):
    db.session.rollback()  # a fresh read, not this session's snapshot
    record = queue.find("test.slow", folder)
    return record.state, record.attempts


def test_a_killed_workers_job_completes_once_after_restart(setting, tmp_path):
    app, env = setting
    folder = str(tmp_path)
    queue.enqueue("test.slow", folder, folder=folder)
    db.session.commit()

    first = start_worker(env, tmp_path, "first")
    try:
        assert wait_for(lambda: os.path.exists(tmp_path / "started")), \
            (tmp_path / "first.log").read_text()
        assert job_state(folder) == ("running", 1)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        first.kill()
    assert not os.path.exists(tmp_path / "finished")
    assert job_state(folder) == ("running", 1)  # the row remembers what the queue forgot

    time.sleep(LEASE + 0.5)
    second = start_worker(env, tmp_path, "second")
    try:
        assert wait_for(lambda: job_state(folder)[0] == "done"), \
            (tmp_path / "second.log").read_text()
        second.send_signal(signal.SIGINT)  # Ctrl-C: finish what runs, then exit
        assert second.wait(20) == 0
    finally:
        second.kill()
    assert job_state(folder) == ("done", 2)
    assert (tmp_path / "finished").read_text() == "done\n"
    assert "1 job(s) owed from before handed over" in (tmp_path / "second.log").read_text()
