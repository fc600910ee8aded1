"""The task queue: work that should not hold a request (rendering, signing and
delivering letters; OCR) runs in a worker beside the web server.

Huey carries the messages: `SqliteHuey`-style storage in `instance/queue.sqlite3` by
default, Redis when `EOFFICE_QUEUE_URL=redis://...` (several hosts share one Redis),
in memory for tests (`memory://`). What work is owed lives in the portal's database as a
`BackgroundJob` row, written in the same transaction as the change that owes it and
handed to Huey only once that commits. A message lost with a killed worker is sent again
by the sweep (at worker start and every minute): a job is never lost, and running it
twice does nothing more than once (the claim below lets one run at a time, and handlers
are keyed by what they produce).

Defining and enqueueing a job::

    from eoffice import queue

    @queue.job("ocr.attachment", max_attempts=5)
    def read_text(sha256):              # runs in an app context; params are JSON
        ...                             # flush, do not commit; raise to retry,
                                        # raise queue.GiveUp(reason) to fail at once

    queue.enqueue("ocr.attachment", key=sha256, sha256=sha256)   # then commit
"""
import logging
import os
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, has_app_context
from huey import Huey, crontab
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage
from sqlalchemy import and_, bindparam, event, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..clock import utcnow
from ..extensions import db
from ..models import BackgroundJob

logger = logging.getLogger(__name__)

huey = Huey("eoffice", results=False, utc=True, storage_class=MemoryStorage)
PENDING = "eoffice.queue.pending"
_handlers = {}
_bound = {"app": None}


class GiveUp(Exception):
    """A job that cannot succeed however often it is tried (a rejected address, a
    letter that no longer exists): failed at once with this reason."""


@dataclass(frozen=True)
class JobKind:
    run: object
    max_attempts: int


def job(kind, max_attempts=5):
    """Registers the function that does the work of jobs of `kind`."""
    def decorator(func):
        _handlers[kind] = JobKind(func, max_attempts)
        return func
    return decorator


def init_app(app):
    """Huey's storage from the app's config; tasks run in this app's context."""
    huey.storage = storage_for(app.config.get("QUEUE_URL"), app.instance_path)
    _bound["app"] = app


def storage_for(url, instance_path):
    if url == "memory://":
        return MemoryStorage(huey.name)
    if url and url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage(huey.name, url=url)
    if url and url.startswith("sqlite:///"):
        filename = url[len("sqlite:///"):]
    elif url:
        raise ValueError(f"EOFFICE_QUEUE_URL: redis://..., sqlite:///path or memory://, not {url!r}")
    else:
        os.makedirs(instance_path, exist_ok=True)
        filename = os.path.join(instance_path, "queue.sqlite3")
    return MessageStore(huey.name, filename=filename)


class MessageStore(SqliteStorage):
    """Huey's SQLite store in WAL mode with synchronous=NORMAL: a commit does not wait for
    the disk. It stays consistent after a power cut and may lose its newest messages, which
    the sweep sends again from the `BackgroundJob` rows, the durable record (fsynced with
    the portal's own database). Waiting for the disk here cost every diarised scan ~5 %."""

    def _create_connection(self):
        connection = super()._create_connection()
        connection.execute("pragma synchronous=NORMAL")
        return connection


def enqueue(kind, key, **params):
    """The job `kind` for `key` (what it produces) is owed: recorded in this transaction,
    handed to the worker when it commits. The same kind and key again is the same job."""
    owe(kind, key, **params)
    return find(kind, key)


def owe(kind, key, **params):
    """enqueue() without loading the job: one INSERT that does nothing when the job is
    owed already (in this transaction or another: the unique kind and key decide, no
    savepoint needed). Returns the new job's id, or None. Diarising a scan pays this."""
    if kind not in _handlers:
        raise ValueError(f"no job kind {kind!r}")
    now = utcnow()
    job_id = db.session.execute(_owe_statement(), {
        "kind": kind, "key": str(key), "params": params,
        "max_attempts": _handlers[kind].max_attempts, "now": now}).scalar()
    if job_id is not None:
        db.session.info.setdefault(PENDING, []).append(job_id)
    return job_id


_statements = {}


def _owe_statement():
    """Built once per dialect: constructing it is most of what a statement costs here."""
    dialect = db.session.get_bind().dialect.name
    if dialect not in _statements:
        table = BackgroundJob.__table__
        values = {"kind": bindparam("kind"), "key": bindparam("key"),
                  "params": bindparam("params", type_=table.c.params.type),
                  "state": "queued", "attempts": 0, "max_attempts": bindparam("max_attempts"),
                  "run_after": bindparam("now"), "created_at": bindparam("now")}
        _statements[dialect] = (upsert_for(dialect))(table).values(values) \
            .on_conflict_do_nothing(index_elements=["kind", "key"]).returning(table.c.id)
    return _statements[dialect]


def upsert_for(dialect):
    """The INSERT that takes ON CONFLICT DO NOTHING, on PostgreSQL and SQLite alike."""
    return pg_insert if dialect == "postgresql" else sqlite_insert


def find(kind, key):
    return db.session.scalar(select(BackgroundJob).where(
        BackgroundJob.kind == kind, BackgroundJob.key == str(key)))


def retry(record):
    """A failed job is owed again, from its first attempt (IT, after mending the cause)."""
    if record.state != "failed":
        return record
    record.state, record.attempts, record.run_after = "queued", 0, utcnow()
    record.finished_at = None
    db.session.flush()
    db.session.info.setdefault(PENDING, []).append(record.id)
    return record


@event.listens_for(Session, "after_commit")
def _hand_over(session):
    for job_id in session.info.pop(PENDING, ()):
        push(job_id)


@event.listens_for(Session, "after_rollback")
def _forget(session):
    session.info.pop(PENDING, None)


def push(job_id, eta=None):
    """Hands a message to the worker; if the store is down the sweep sends it later."""
    try:
        if eta is None:
            run_job(job_id)
        else:
            run_job.schedule((job_id,), eta=eta)
    except Exception:  # the job row stays queued: nothing is lost
        logger.exception("queue: job %s not handed over; the sweep will", job_id)


@huey.task(name="eoffice.run_job")
def run_job(job_id):
    with _context():
        execute(job_id)


@huey.periodic_task(crontab(minute="*"), name="eoffice.sweep")
def sweep_task():
    with _context():
        sweep()


class _context:
    """The bound app's context, or the one already open for it (tests run jobs in theirs,
    sharing its session as requests do)."""

    def __enter__(self):
        app = _bound["app"]
        self.pushed = None
        if not (has_app_context() and current_app._get_current_object() is app):
            self.pushed = app.app_context()
            self.pushed.push()

    def __exit__(self, *exc):
        if self.pushed is not None:
            db.session.remove()
            self.pushed.pop()


def execute(job_id):
    """Runs job `job_id` if it is due and nobody runs it: done, or queued again after a
    back-off, or failed with its reason once out of attempts."""
    if not _claim(job_id):
        return None
    record = db.session.get(BackgroundJob, job_id)
    try:
        kind = _handlers.get(record.kind)
        if kind is None:
            raise GiveUp(f"no handler for {record.kind}")
        kind.run(**record.params)
    except Exception as error:  # noqa: BLE001 - every failure is recorded, none is lost
        db.session.rollback()
        return _record_failure(job_id, error)
    record.state, record.finished_at, record.lease_until = "done", utcnow(), None
    record.last_error = None
    db.session.commit()
    return record


def _claim(job_id):
    config = current_app.config
    now = utcnow()
    claimed = db.session.execute(
        update(BackgroundJob)
        .where(BackgroundJob.id == job_id, BackgroundJob.run_after <= now + timedelta(seconds=1),
               or_(BackgroundJob.state == "queued",
                   and_(BackgroundJob.state == "running", BackgroundJob.lease_until < now)))
        .values(state="running", attempts=BackgroundJob.attempts + 1,
                lease_until=now + timedelta(seconds=config["QUEUE_LEASE_SECONDS"]))
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return bool(claimed)


def _record_failure(job_id, error):
    record = db.session.get(BackgroundJob, job_id)
    db.session.refresh(record)
    record.last_error = describe(error)[:2000]
    record.lease_until = None
    if isinstance(error, GiveUp) or record.attempts >= record.max_attempts:
        record.state, record.finished_at = "failed", utcnow()
        logger.error("queue: %s %s failed: %s", record.kind, record.key, record.last_error)
    else:
        record.state, record.run_after = "queued", utcnow() + backoff(record.attempts)
        logger.warning("queue: %s %s attempt %s failed, again at %s: %s", record.kind,
                       record.key, record.attempts, record.run_after, record.last_error)
    db.session.commit()
    if record.state == "queued":
        push(record.id, eta=record.run_after)
    return record


def describe(error):
    text = str(error) or type(error).__name__
    return text if isinstance(error, GiveUp) else f"{type(error).__name__}: {text}"


def backoff(attempts):
    """30 s, 1 min, 2 min, ... doubling after each failed attempt, at most an hour."""
    base = current_app.config["QUEUE_RETRY_SECONDS"]
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


def sweep(grace_seconds=None):
    """Hands over again every job whose message may be lost: queued and due for longer
    than the grace period, or running with its lease run out (its worker died)."""
    config = current_app.config
    now = utcnow()
    grace = config["QUEUE_SWEEP_GRACE_SECONDS"] if grace_seconds is None else grace_seconds
    ids = db.session.scalars(select(BackgroundJob.id).where(or_(
        and_(BackgroundJob.state == "queued",
             BackgroundJob.run_after <= now - timedelta(seconds=grace)),
        and_(BackgroundJob.state == "running", BackgroundJob.lease_until < now)))).all()
    db.session.commit()
    for job_id in ids:
        push(job_id)
    return len(ids)


def run_waiting(limit=1000):
    """Runs here, one after another, the messages waiting in the store (tests, and
    `eoffice jobs --run` on a host without a worker). Returns how many ran."""
    ran = 0
    now = huey._get_timestamp()
    for task in huey.read_schedule(now):
        huey.enqueue(task)
    while ran < limit:
        task = huey.dequeue()
        if task is None:
            break
        huey.execute(task)
        ran += 1
    return ran
