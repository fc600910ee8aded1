"""The `memory://` rate-limit store (eoffice.ratelimits.InlineSweptMemoryStorage) counts
as limits' MemoryStorage does, without starting a timer thread per counted request."""
import threading
import time

from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from eoffice.extensions import db, limiter
from eoffice.ratelimits import InlineSweptMemoryStorage
from eoffice.tokens.services import create_personal_token
from tests.factories import make_org
from tests.security.test_hardening import _same_database


def test_memory_uri_means_the_inline_swept_store(shared_app):
    assert isinstance(storage_from_string("memory://"), InlineSweptMemoryStorage)
    _same_database(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    assert isinstance(limiter.storage, InlineSweptMemoryStorage)


def test_counted_api_calls_start_no_thread(shared_app, monkeypatch):
    org = make_org()
    _token, raw = create_personal_token(org["users"]["so.srinagar"], "thread test")
    db.session.commit()
    client = _same_database(RATELIMIT_ENABLED=True, API_RATE_LIMIT="5 per minute").test_client()
    started = []
    original = threading.Thread.start
    monkeypatch.setattr(threading.Thread, "start",
                        lambda thread: started.append(thread) or original(thread))
    answers = []
    for _ in range(6):
        time.sleep(0.02)  # MemoryStorage starts its 10 ms timer again once the last has run
        answers.append(client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
                       .status_code)
    assert answers == [200] * 5 + [429], "the limit counts as before"
    assert started == []


def test_a_window_that_has_passed_is_reset_and_swept():
    storage = InlineSweptMemoryStorage()
    storage.SWEEP_SECONDS = 0.2
    limits = FixedWindowRateLimiter(storage)
    per_second = parse("2 per 1 second")
    assert [limits.hit(per_second, "token-1") for _ in range(3)] == [True, True, False]
    limits.hit(per_second, "token-2")
    time.sleep(1.05)
    assert limits.hit(per_second, "token-1"), "a new window, a new budget"
    assert "token-2" not in storage.storage, "a key never read again is swept all the same"
