"""Sign-in abuse: a locked account costs the same work as an unknown name (no user
names by timing); parallel guesses cannot get more password checks than the threshold;
the lock is a back-off that grows, not a day-long door an attacker can shut."""
import threading
from datetime import timedelta

from argon2 import PasswordHasher
from sqlalchemy import select

from eoffice.auth.services import authenticate
from eoffice.clock import utcnow
from eoffice.extensions import db
from eoffice.models import User
from tests.conftest import login
from tests.factories import PASSWORD, make_org


def count_checks(monkeypatch):
    """Counts argon2 verifications (the slow, timeable work of a sign-in)."""
    calls = []
    original = PasswordHasher.verify

    def verify(self, hash, password):
        calls.append(1)
        return original(self, hash, password)
    monkeypatch.setattr(PasswordHasher, "verify", verify)
    return calls


def test_a_locked_account_costs_the_same_work_as_an_unknown_name(client, org, monkeypatch):
    user = db.session.scalar(select(User).filter_by(username="so.srinagar"))
    user.locked_until = utcnow() + timedelta(minutes=10)
    db.session.commit()
    checks = count_checks(monkeypatch)
    login(client, "nobody.at.all", "wrong-password-123")
    unknown = len(checks)
    login(client, "so.srinagar", "wrong-password-123")
    locked = len(checks) - unknown
    assert unknown == locked == 1


def test_parallel_guesses_get_no_more_checks_than_the_threshold(shared_app, monkeypatch):
    make_org()
    db.session.commit()
    threshold = shared_app.config["LOCKOUT_THRESHOLD"]
    checks = []
    original = PasswordHasher.verify

    def verify(self, hash, password):
        if hash != PASSWORD and not hash.startswith("dummy"):
            checks.append(hash)
        return original(self, hash, password)
    monkeypatch.setattr(PasswordHasher, "verify", verify)
    real_hash = db.session.scalar(select(User.password_hash).filter_by(username="so.srinagar"))
    barrier, errors = threading.Barrier(12), []

    def guess():
        with shared_app.app_context(), shared_app.test_request_context():
            barrier.wait()
            try:
                authenticate("so.srinagar", "parallel-guess-123")
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(repr(error))
            finally:
                db.session.remove()
    threads = [threading.Thread(target=guess) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert checks.count(real_hash) == threshold, len(checks)
    db.session.rollback()  # end the test's own read, begun before the guesses
    assert db.session.scalar(select(User).filter_by(username="so.srinagar")).locked_until


def test_the_lock_is_a_growing_back_off_capped_by_the_lockout_minutes(app, client, org):
    app.config.update(LOCKOUT_THRESHOLD=3, LOCKOUT_MINUTES=15, LOCKOUT_BACKOFF_SECONDS=60)
    user = db.session.scalar(select(User).filter_by(username="so.srinagar"))

    def fail_once():
        login(client, "so.srinagar", "not-the-password")
        db.session.refresh(user)
        left = user.locked_until - utcnow()
        user.locked_until = utcnow() - timedelta(seconds=1)  # wait it out
        db.session.commit()
        return left

    for _ in range(2):
        login(client, "so.srinagar", "not-the-password")
    waits = [fail_once() for _ in range(6)]
    assert timedelta(seconds=50) < waits[0] <= timedelta(seconds=60)  # a minute, not 15
    assert timedelta(seconds=110) < waits[1] <= timedelta(seconds=120)  # then doubling
    assert waits[-1] <= timedelta(minutes=15) and waits[-1] > timedelta(minutes=14)
    assert login(client, "so.srinagar", PASSWORD).status_code == 303
    db.session.refresh(user)
    assert user.failed_logins == 0 and user.locked_until is None
