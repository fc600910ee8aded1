"""rebuild-stats works in batches while officials keep working: a movement recorded
between two batches, or while a batch holds its lock, is counted exactly once. On
PostgreSQL two connections write at once here; the SQLite pass runs the same race
through a real gunicorn (tests/fault/test_rebuild_stats.py)."""
import threading
import time

import pytest
from sqlalchemy import delete

from eoffice.dak.services import diarise
from eoffice.dashboards import rollups
from eoffice.extensions import db
from eoffice.files.services import create_file
from eoffice.inbox import pending
from eoffice.models import (
    DailyActiveUser,
    DailyOfficeStat,
    PendingCount,
    Post,
    User,
    WeeklyActiveUser,
)
from eoffice.movement import services as movement
from tests.conftest import POSTGRES
from tests.factories import make_history, receipt_data

pytestmark = pytest.mark.skipif(not POSTGRES, reason="needs a second connection writing at once "
                                "(PostgreSQL); on SQLite tests/fault/test_rebuild_stats.py")


def keep_working(app, user_id, post_id, to_post_id, stop, done, failures):
    """Diarise, send, open a file and close it, over and over, one commit each."""
    with app.app_context():
        try:
            while not stop.is_set():
                user, post = db.session.get(User, user_id), db.session.get(Post, post_id)
                to_post = db.session.get(Post, to_post_id)
                receipt = diarise(user, post, receipt_data(subject=f"During rebuild {len(done)}"))
                db.session.commit()
                movement.send(user, receipt, [to_post.id])
                db.session.commit()
                efile = create_file(user, post, "Opened during rebuild", "general", "REV")
                db.session.commit()
                movement.close(user, efile, "done at once")
                db.session.commit()
                done.append(receipt.id)
        except Exception as error:  # the test reports it
            failures.append(repr(error))
        finally:
            db.session.remove()


def test_a_batched_rebuild_loses_and_doubles_nothing_written_meanwhile(app, org, monkeypatch):
    make_history(org)
    monkeypatch.setattr(rollups, "BATCH", 2)  # many batches over a small history
    monkeypatch.setattr(pending, "BATCH", 2)
    cru, so = org["posts"]["cru"], org["posts"]["so"]
    stop, done, failures = threading.Event(), [], []
    writer = threading.Thread(target=keep_working, args=(
        app, org["users"]["cru.srinagar"].id, cru.id, so.id, stop, done, failures))

    def between_batches(_line):
        """Let the writer commit at least once more before the next batch starts."""
        seen = len(done)
        deadline = time.monotonic() + 10
        while len(done) == seen and time.monotonic() < deadline and not failures:
            time.sleep(0.005)

    writer.start()
    try:
        between_batches("")
        rollups.rebuild(echo=between_batches)
        pending.rebuild(echo=between_batches)
        written_during = len(done)
    finally:
        stop.set()
        writer.join(30)
    assert failures == []
    assert written_during >= 5
    db.session.expire_all()
    assert rollups.differences() == []
    assert pending.differences() == []


def test_a_movement_in_flight_when_a_batch_starts_is_counted_once(app, org, monkeypatch):
    """The kept figures are wrong (say, lost), and a writer has recorded a send and
    raised its counters but not committed when the rebuild starts: each batch waits for
    it, then counts it once. (Without the hold, a batch inserts the same counter row as
    the writer and one of them fails, or the recount misses the send.)"""
    make_history(org)
    monkeypatch.setattr(pending, "BATCH", 2)  # the writer's posts come in a later batch
    monkeypatch.setattr(rollups, "BATCH", 2)
    user_id, cru_id, so_id = org["users"]["cru.srinagar"].id, org["posts"]["cru"].id, \
        org["posts"]["so"].id
    diarised, first_batch, recorded, release = (threading.Event() for _ in range(4))
    failures = []

    def send_slowly():
        with app.app_context():
            try:
                user = db.session.get(User, user_id)
                receipt = diarise(user, db.session.get(Post, cru_id), receipt_data())
                db.session.commit()
                diarised.set()
                first_batch.wait(10)
                movement.send(user, receipt, [so_id])
                db.session.flush()  # the movement and its counter rows, not yet committed
                recorded.set()
                release.wait(10)
                db.session.commit()
            except Exception as error:  # the test reports it
                failures.append(repr(error))
            finally:
                db.session.remove()

    def after_a_batch(_line):
        """After the first batch, go on only once the writer's send is in flight."""
        if not first_batch.is_set():
            first_batch.set()
            recorded.wait(10)

    def rebuild_all():
        with app.app_context():
            try:
                pending.rebuild(echo=after_a_batch)
                rollups.rebuild(echo=after_a_batch)
            except Exception as error:  # the test reports it
                failures.append(repr(error))
            finally:
                db.session.remove()

    writer = threading.Thread(target=send_slowly)
    writer.start()
    assert diarised.wait(10)
    for model in (PendingCount, DailyOfficeStat, DailyActiveUser, WeeklyActiveUser):
        db.session.execute(delete(model))
    db.session.commit()
    rebuilder = threading.Thread(target=rebuild_all)
    rebuilder.start()
    assert recorded.wait(10)
    time.sleep(0.5)  # the rebuild's second batch is waiting for the writer now
    assert rebuilder.is_alive()
    release.set()
    writer.join(30)
    rebuilder.join(60)
    assert failures == []
    db.session.expire_all()
    assert rollups.differences() == []
    assert pending.differences() == []
