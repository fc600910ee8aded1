"""Reporting periods in office-local days (Asia/Kolkata), and their previous periods.

The database keeps naive UTC; a dashboard day is the date officials saw on the wall,
so "this week" starts on Monday 00:00 IST (Sunday 18:30 UTC).
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .. import clock
from ..errors import WorkflowError
from ..i18n import gettext as _

PERIODS = ("week", "month", "last_month", "custom")
DEFAULT_PERIOD = "month"
MAX_DAYS = 366
TREND_WEEKS = 12


@dataclass(frozen=True)
class Period:
    key: str
    start: date
    end: date  # inclusive; never after today
    previous_start: date
    previous_end: date

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def args(self):
        """Query arguments that select this period again."""
        if self.key == "custom":
            return {"period": "custom", "from": self.start.isoformat(), "to": self.end.isoformat()}
        return {"period": self.key}


def _month_start(day):
    return day.replace(day=1)


def _previous_month_start(day):
    return _month_start(_month_start(day) - timedelta(days=1))


def this_week(today):
    start = week_of(today)
    return Period("week", start, today, start - timedelta(days=7), today - timedelta(days=7))


def this_month(today):
    """Month to date, against the same days of last month (cut at its last day)."""
    start = _month_start(today)
    previous_start = _previous_month_start(today)
    return Period("month", start, today, previous_start,
                  _last_day_within(previous_start, today.day))


def _last_day_within(month_start, day_number):
    last = _month_start(month_start + timedelta(days=32)) - timedelta(days=1)
    return month_start.replace(day=min(day_number, last.day))


def last_month(today):
    start = _previous_month_start(today)
    end = _month_start(today) - timedelta(days=1)
    previous_start = _previous_month_start(start)
    return Period("last_month", start, end, previous_start, start - timedelta(days=1))


def custom(start, end, today):
    """A chosen span; compared with the span of equal length just before it."""
    if start is None or end is None:
        raise WorkflowError(_("Give both dates of the period as DD-MM-YYYY."),
                            {"from": "required" if start is None else "", "to": "required" if end is None else ""})
    if start > end:
        raise WorkflowError(_("The period cannot end before it starts."), {"to": "before_from"})
    if start > today:
        raise WorkflowError(_("The period cannot start in the future."), {"from": "future"})
    end = min(end, today)
    if (end - start).days + 1 > MAX_DAYS:
        raise WorkflowError(_("Choose a period of at most %(days)d days.", days=MAX_DAYS),
                            {"from": "too_long"})
    length = end - start
    previous_end = start - timedelta(days=1)
    return Period("custom", start, end, previous_end - length, previous_end)


def parse_day(text):
    """DD-MM-YYYY as people write it, or YYYY-MM-DD as date inputs send it; None if blank."""
    text = (text or "").strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            day = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if day.year >= 2000:
            return day
    raise WorkflowError(_("Give the dates as DD-MM-YYYY."), {"from": "invalid"})


def from_args(args, today=None):
    """The period a request asks for (this month by default); WorkflowError (422) if invalid."""
    today = today or clock.today()  # the office's day
    key = args.get("period") or DEFAULT_PERIOD
    if key not in PERIODS:
        raise WorkflowError(_("Choose a period from the list."), {"period": "invalid"})
    if key == "custom":
        return custom(parse_day(args.get("from")), parse_day(args.get("to")), today)
    return {"week": this_week, "month": this_month, "last_month": last_month}[key](today)


def week_of(day):
    """The Monday of the week holding `day`."""
    return day - timedelta(days=day.weekday())


def trend_weeks(end, count=TREND_WEEKS):
    """(monday, sunday) of the `count` weeks up to the one holding `end`, oldest first."""
    last_monday = week_of(end)
    mondays = [last_monday - timedelta(weeks=back) for back in range(count - 1, -1, -1)]
    return [(monday, monday + timedelta(days=6)) for monday in mondays]
