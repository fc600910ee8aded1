"""Time in one place: naive UTC datetimes in the database, Asia/Kolkata for people.

`travel_to(moment)` lets demo data and tests record events at a chosen time through
the very same services; nothing else may set the clock.
"""
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone

_fixed = ContextVar("eoffice_fixed_now", default=None)


def utcnow():
    fixed = _fixed.get()
    return fixed if fixed is not None else datetime.now(timezone.utc).replace(tzinfo=None)


def today():
    return utcnow().date()


@contextmanager
def travel_to(moment):
    token = _fixed.set(moment)
    try:
        yield
    finally:
        _fixed.reset(token)
