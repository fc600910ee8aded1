"""Reporting counts the office's days (Asia/Kolkata), not UTC ones: from midnight to
05:30 IST the two calendars differ by a day, and at a month's turn by a month."""
from datetime import datetime, timedelta

from eoffice.clock import today, travel_to, utc_start_of
from eoffice.extensions import db
from eoffice.months import month_key, next_month, previous_month
from eoffice.reporting.services import monthly, problems, readiness
from tests.conftest import login
from tests.reporting.factories import make_proposal, user
from tests.reporting.test_readiness import GOOD

LAST = previous_month(today())
ENDS = utc_start_of(next_month(LAST))  # midnight IST after the month's last day: 18:30 UTC
STARTS = utc_start_of(LAST)
HALF_HOUR = timedelta(minutes=30)
# 00:30 IST on 15-10-2026 is 19:00 UTC on 14-10-2026
JUST_AFTER_MIDNIGHT = datetime(2026, 10, 14, 19, 0)


def _made_at(proposal, moment):
    proposal.created_at = proposal.updated_at = moment
    for event in proposal.events:
        event.at = moment


def test_the_monthly_report_ends_the_month_at_midnight_in_the_office(org):
    srinagar, tehsil = org["units"]["srinagar"], org["offices"]["tehsil"]
    _made_at(make_proposal(srinagar, service_name="Made at 23:30 IST on the last day"),
             ENDS - HALF_HOUR)
    _made_at(make_proposal(srinagar, service_name="Made at 00:30 IST on the first"),
             ENDS + HALF_HOUR)
    with travel_to(STARTS + HALF_HOUR):
        problems.raise_problem(user("so.srinagar"), tehsil, "bandwidth", "Slow on the first")
    with travel_to(ENDS + HALF_HOUR):
        problems.raise_problem(user("so.srinagar"), tehsil, "vpn", "Raised next month")
    db.session.commit()
    content = monthly.assemble(srinagar, LAST, now=ENDS + timedelta(days=3))
    assert [r["service_name"] for r in content["proposals"]["rows"]] == [
        "Made at 23:30 IST on the last day"]
    assert [(r["summary"], r["raised_on"]) for r in content["problems"]["rows"]] == [
        ("Slow on the first", LAST.isoformat())]


def test_the_monthly_csv_and_the_lists_show_office_dates(client, org):
    srinagar, tehsil = org["units"]["srinagar"], org["offices"]["tehsil"]
    with travel_to(JUST_AFTER_MIDNIGHT):
        problems.raise_problem(user("so.srinagar"), tehsil, "vpn", "VPN down at night")
        readiness.update_readiness(user("tehsildar.khanyar"), tehsil, **GOOD)
        make_proposal(srinagar, status="submitted", service_name="Night proposal")
    db.session.commit()
    login(client, "cs.it")
    for url in ("/reports/problems", "/reports/readiness?district=SGR", "/reports/proposals"):
        page = client.get(url).get_data(as_text=True)
        assert "15-10-2026" in page and "14-10-2026" not in page, url
    month = month_key(today())
    for table in ("problems", "readiness"):
        text = client.get(f"/reports/monthly/SGR/{month}/{table}.csv").get_data(as_text=True)
        assert "15-10-2026" in text and "14-10-2026" not in text, table
