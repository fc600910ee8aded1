"""The queue's promises, run in process: idempotent, retried with back-off, failures
recorded with their reasons, nothing handed over before its transaction commits."""
from datetime import timedelta

import pytest
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from eoffice import queue
from eoffice.clock import utcnow
from eoffice.extensions import db
from tests.queue import jobs_for_tests  # noqa: F401 - registers the test job kinds
from tests.queue.jobs_for_tests import CALLS


@pytest.fixture(autouse=True)
def _fresh_calls():
    CALLS.clear()


def _job(kind, key):
    db.session.expire_all()
    return queue.find(kind, key)


def test_a_job_runs_once_after_its_transaction_commits(app):
    record = queue.enqueue("test.echo", "k1", word="hello")
    assert queue.run_waiting() == 0  # not handed over before the commit
    db.session.commit()
    assert queue.run_waiting() == 1
    assert CALLS == ["hello"]
    assert _job("test.echo", "k1").state == "done"
    again = queue.enqueue("test.echo", "k1", word="hello")
    db.session.commit()
    assert again.id == record.id
    queue.run_waiting()
    assert CALLS == ["hello"]  # what was done is not done twice


def test_a_rolled_back_job_is_neither_recorded_nor_handed_over(app):
    queue.enqueue("test.echo", "k2", word="lost")
    db.session.rollback()
    assert queue.run_waiting() == 0
    assert CALLS == []
    assert _job("test.echo", "k2") is None


def test_a_duplicate_message_runs_the_job_once(app):
    record = queue.enqueue("test.echo", "k3", word="once")
    db.session.commit()
    queue.push(record.id)  # the sweep's copy of a message that was not lost after all
    assert queue.run_waiting() == 2
    assert CALLS == ["once"]


def test_a_failing_job_is_retried_with_back_off_then_done(app):
    app.config["QUEUE_RETRY_SECONDS"] = 30
    queue.enqueue("test.flaky", "f1", fail_times=1)
    db.session.commit()
    before = utcnow()
    queue.run_waiting()
    record = _job("test.flaky", "f1")
    assert (record.state, record.attempts) == ("queued", 1)
    assert record.last_error == "ConnectionError: relay not answering"
    assert record.run_after >= before + timedelta(seconds=29)
    assert queue.run_waiting() == 0  # the retry waits for its time
    record.run_after = utcnow() - timedelta(seconds=1)
    db.session.commit()
    queue.huey.storage.flush_schedule()
    assert queue.sweep(grace_seconds=0) == 1
    queue.run_waiting()
    record = _job("test.flaky", "f1")
    assert (record.state, record.attempts, record.retries) == ("done", 2, 1)
    assert record.last_error is None


def test_back_off_doubles_and_is_capped(app):
    app.config["QUEUE_RETRY_SECONDS"] = 30
    assert [queue.backoff(n).total_seconds() for n in (1, 2, 3, 12)] == [30, 60, 120, 3600]


def test_a_job_out_of_attempts_fails_with_its_reason(app):
    app.config["QUEUE_RETRY_SECONDS"] = 0
    queue.enqueue("test.flaky", "f2", fail_times=10)
    db.session.commit()
    for _ in range(5):
        queue.run_waiting()
    record = _job("test.flaky", "f2")
    assert (record.state, record.attempts) == ("failed", 3)
    assert "relay not answering" in record.last_error
    assert CALLS.count("flaky") == 3


def test_give_up_fails_at_once_and_retry_owes_it_again(app):
    queue.enqueue("test.hopeless", "h1")
    db.session.commit()
    queue.run_waiting()
    record = _job("test.hopeless", "h1")
    assert (record.state, record.attempts, record.last_error) == (
        "failed", 1, "recipient address rejected")
    queue.retry(record)
    db.session.commit()
    queue.run_waiting()
    assert CALLS == ["hopeless", "hopeless"]
    assert _job("test.hopeless", "h1").state == "failed"


def test_the_sweep_hands_over_a_lost_message_and_a_cut_off_run(app):
    queue.enqueue("test.echo", "s1", word="lost message")
    db.session.commit()
    queue.huey.storage.flush_queue()  # the store lost it
    assert queue.sweep() == 0  # within the grace period the worker may still get it
    assert queue.sweep(grace_seconds=0) == 1
    queue.run_waiting()
    assert CALLS == ["lost message"]

    record = queue.enqueue("test.echo", "s2", word="cut off")
    db.session.commit()
    queue.huey.storage.flush_queue()
    record.state, record.attempts = "running", 1
    record.lease_until = utcnow() + timedelta(minutes=5)
    db.session.commit()
    assert queue.sweep(grace_seconds=0) == 0  # still running somewhere
    record.lease_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert queue.sweep(grace_seconds=0) == 1
    queue.run_waiting()
    assert CALLS[-1] == "cut off"
    assert (_job("test.echo", "s2").state, _job("test.echo", "s2").attempts) == ("done", 2)


def test_unknown_kinds_are_refused(app):
    with pytest.raises(ValueError):
        queue.enqueue("no.such.kind", "x")


def test_the_store_follows_the_url(tmp_path):
    assert isinstance(queue.storage_for("memory://", str(tmp_path)), MemoryStorage)
    store = queue.storage_for(None, str(tmp_path))
    assert isinstance(store, SqliteStorage)
    assert store.filename == str(tmp_path / "queue.sqlite3")
    # messages are not the durable record (the job rows are; the sweep resends): the
    # store is WAL without a wait for the disk on every commit, yet never left corrupt
    connection = store._create_connection()
    assert connection.execute("pragma journal_mode").fetchone() == ("wal",)
    assert connection.execute("pragma synchronous").fetchone() == (1,)
    connection.close()
    assert isinstance(queue.storage_for("redis://127.0.0.1:1/0", str(tmp_path)), RedisStorage)
    with pytest.raises(ValueError):
        queue.storage_for("postgresql://x", str(tmp_path))


def test_jobs_command_lists_failures_with_reasons(app):
    queue.enqueue("test.hopeless", "h2")
    db.session.commit()
    queue.run_waiting()
    result = app.test_cli_runner().invoke(args=["eoffice", "jobs", "--failed"])
    assert "test.hopeless" in result.output and "recipient address rejected" in result.output
    record = _job("test.hopeless", "h2")
    result = app.test_cli_runner().invoke(args=["eoffice", "jobs", "--retry", str(record.id)])
    assert result.exit_code == 0
    assert _job("test.hopeless", "h2").state == "queued"

