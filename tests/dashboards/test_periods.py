from datetime import date, datetime

import pytest

from eoffice import clock
from eoffice.clock import travel_to
from eoffice.dashboards import periods
from eoffice.errors import WorkflowError

WEDNESDAY = date(2026, 3, 11)


def test_this_week_is_monday_to_today_against_the_same_days_last_week():
    period = periods.from_args({"period": "week"}, WEDNESDAY)
    assert (period.start, period.end) == (date(2026, 3, 9), WEDNESDAY)
    assert (period.previous_start, period.previous_end) == (date(2026, 3, 2), date(2026, 3, 4))


def test_this_month_is_the_default_against_the_same_days_of_last_month():
    period = periods.from_args({}, date(2026, 3, 31))
    assert (period.key, period.start, period.end) == ("month", date(2026, 3, 1), date(2026, 3, 31))
    assert (period.previous_start, period.previous_end) == (date(2026, 2, 1), date(2026, 2, 28))


def test_last_month_against_the_month_before():
    period = periods.from_args({"period": "last_month"}, date(2026, 1, 15))
    assert (period.start, period.end) == (date(2025, 12, 1), date(2025, 12, 31))
    assert (period.previous_start, period.previous_end) == (date(2025, 11, 1), date(2025, 11, 30))


def test_custom_against_the_same_length_just_before():
    period = periods.from_args({"period": "custom", "from": "10-02-2026", "to": "2026-02-19"},
                               WEDNESDAY)
    assert (period.start, period.end, period.days) == (date(2026, 2, 10), date(2026, 2, 19), 10)
    assert (period.previous_start, period.previous_end) == (date(2026, 1, 31), date(2026, 2, 9))
    assert period.args() == {"period": "custom", "from": "2026-02-10", "to": "2026-02-19"}


def test_a_custom_period_stops_today():
    period = periods.from_args({"period": "custom", "from": "2026-03-01", "to": "2026-12-31"},
                               WEDNESDAY)
    assert period.end == WEDNESDAY


@pytest.mark.parametrize("args", [
    {"period": "fortnight"},
    {"period": "custom", "from": "2026-02-10"},
    {"period": "custom", "from": "31-02-2026", "to": "2026-03-01"},
    {"period": "custom", "from": "2026-03-05", "to": "2026-03-01"},
    {"period": "custom", "from": "2026-04-01", "to": "2026-04-02"},
    {"period": "custom", "from": "2024-01-01", "to": "2026-03-01"},
    {"period": "custom", "from": "1999-01-01", "to": "2026-03-01"},
])
def test_bad_periods_are_refused(args):
    with pytest.raises(WorkflowError):
        periods.from_args(args, WEDNESDAY)


def test_local_days_are_srinagar_days(app):
    assert clock.local_day(datetime(2026, 2, 28, 18, 29)) == date(2026, 2, 28)
    assert clock.local_day(datetime(2026, 2, 28, 18, 30)) == date(2026, 3, 1)
    assert clock.utc_start_of(date(2026, 3, 1)) == datetime(2026, 2, 28, 18, 30)
    with travel_to(datetime(2026, 3, 8, 19, 0)):  # Monday 00:30 in Srinagar
        assert periods.from_args({"period": "week"}).start == date(2026, 3, 9)


def test_trend_weeks_end_with_the_week_holding_the_day():
    weeks = periods.trend_weeks(WEDNESDAY)
    assert len(weeks) == 12
    assert weeks[-1] == (date(2026, 3, 9), date(2026, 3, 15))
    assert weeks[0] == (date(2025, 12, 22), date(2025, 12, 28))
