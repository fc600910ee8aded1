"""Time in one place: naive UTC datetimes in the database, Asia/Kolkata for people.

`travel_to(moment)` lets demo data and tests record events at a chosen time through
the very same services; nothing else may set the clock.
"""
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

_fixed = ContextVar("eoffice_fixed_now", default=None)


def utcnow():
    fixed = _fixed.get()
    return fixed if fixed is not None else datetime.now(timezone.utc).replace(tzinfo=None)


def office_zone():
    name = current_app.config["BABEL_DEFAULT_TIMEZONE"] if has_app_context() else None
    return ZoneInfo(name or "Asia/Kolkata")


def local_day(moment):
    """The office-local date of a naive UTC datetime."""
    return moment.replace(tzinfo=timezone.utc).astimezone(office_zone()).date()


def utc_start_of(day):
    """The naive UTC instant at which an office-local day begins."""
    start = datetime.combine(day, time(), tzinfo=office_zone())
    return start.astimezone(timezone.utc).replace(tzinfo=None)


def utc_end_of(day):
    """The naive UTC instant at which an office-local day ends (the next one begins):
    "up to and including 31-10" is `moment < utc_end_of(31-10)`."""
    return utc_start_of(day + timedelta(days=1))


def office_day(value):
    """A date as it is; a naive UTC datetime as its office-local date."""
    return local_day(value) if isinstance(value, datetime) else value


def today():
    """The date on the office wall (Asia/Kolkata), not in UTC: from midnight to 05:30 IST
    they differ, and a letter received today must not be "in the future"."""
    return local_day(utcnow())


@contextmanager
def travel_to(moment):
    token = _fixed.set(moment)
    try:
        yield
    finally:
        _fixed.reset(token)
