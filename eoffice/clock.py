"""Time in one place: naive UTC datetimes in the database, Asia/Kolkata for people."""
from datetime import date, datetime, timezone


def utcnow():
    return datetime.now(timezone.utc).replace(tzinfo=None)


def today():
    return utcnow().date()


def parse_iso_date(text):
    return date.fromisoformat(text) if text else None
