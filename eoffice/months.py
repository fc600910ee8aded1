"""Report months: the first day stands for the month; URLs spell it YYYY-MM, pages MM-YYYY."""
from datetime import date, timedelta


def parse_month(text):
    """'2026-10' -> date(2026, 10, 1); None when it is not a month."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return None


def month_key(start):
    return start.strftime("%Y-%m")


def month_end(start):
    return next_month(start) - timedelta(days=1)


def next_month(start):
    return date(start.year + start.month // 12, start.month % 12 + 1, 1)


def previous_month(start):
    return (start.replace(day=1) - timedelta(days=1)).replace(day=1)


def month_year(value):
    """A report month as MM-YYYY, in keeping with DD-MM-YYYY dates."""
    return value.strftime("%m-%Y") if value else ""
