"""Every figure of the known data set (see conftest.py), worked out by hand."""
from datetime import date

import pytest

from eoffice.dashboards.figures import adoption, median, weekly
from eoffice.dashboards.periods import trend_weeks
from eoffice.dashboards.scope import Scope

from .conftest import FEBRUARY, JANUARY

API_KEYS = {"e_files", "physical_files", "e_receipts", "physical_receipts", "e_file_share",
            "e_receipt_share", "movements", "active_users", "users_onboarded", "files_closed",
            "median_disposal_days", "pending_by_age", "overdue", "avg_levels_per_closed_file"}


def test_srinagar_february(known, now, org):
    figures = adoption(org["units"]["srinagar"], *FEBRUARY)
    assert API_KEYS <= set(figures)
    assert figures["e_files"] == 4  # F1 F2 F4 F6 (F5 was opened in January)
    assert figures["physical_files"] == 1  # F3
    assert figures["e_file_share"] == 0.8
    assert figures["e_receipts"] == 5  # R1 R2 R6 R10 R11; not R2's copy, not R4 (1 March)
    assert figures["physical_receipts"] == 1  # R3
    assert figures["e_receipt_share"] == pytest.approx(5 / 6, abs=1e-4)
    assert figures["e_share"] == pytest.approx(9 / 11, abs=1e-4)
    assert figures["movements"] == 12  # F1 3, F2 3, F3 1, F5 1, R1 1, R2 2 (copy), R3 1
    assert figures["active_users"] == 5  # so, adc, dc, cru, tehsildar
    assert figures["users_onboarded"] == 5
    assert figures["offices_onboarded"] == 2
    assert figures["files_closed"] == 4  # F1 10 d, F2 16 d, F4 0 d, F5 36 d; F6 reopened
    assert figures["median_disposal_days"] == 13.0  # (10 + 16) / 2
    assert figures["avg_levels_per_closed_file"] == 2.25  # (3 + 3 + 1 + 2) / 4


def test_pendency_by_age_and_overdue_as_of_today(known, now, org):
    figures = adoption(org["units"]["srinagar"], *FEBRUARY)
    assert figures["pending_by_age"] == {
        "0-7": 2,  # R7 1 day, R8 7 days
        "8-15": 2,  # R9 8 days, R4 9 days (local day 01-03)
        "16-30": 4,  # R6 26, F3 27, R3 28, R10 30
        "30+": 6,  # R11 31, F6 33, R1 35 (parked), R2 and its copy 35, R5 54
    }
    assert figures["pending"] == 14
    assert figures["overdue"] == 1  # R7


def test_previous_period_january(known, now, org):
    figures = adoption(org["units"]["srinagar"], *JANUARY)
    assert (figures["e_files"], figures["physical_files"], figures["e_file_share"]) == (1, 0, 1.0)
    assert (figures["e_receipts"], figures["physical_receipts"]) == (0, 1)
    assert figures["e_receipt_share"] == 0.0
    assert figures["movements"] == 1
    assert figures["active_users"] == 2  # so, cru
    assert figures["files_closed"] == 0
    assert figures["median_disposal_days"] is None
    assert figures["avg_levels_per_closed_file"] is None


def test_ut_adds_jammu(known, now, org):
    figures = adoption(org["units"]["ut"], *FEBRUARY)
    assert figures["physical_files"] == 2  # F3 and Jammu's F7
    assert figures["e_file_share"] == pytest.approx(4 / 6, abs=1e-4)
    assert figures["active_users"] == 6  # + dc.jammu
    assert figures["users_onboarded"] == 7  # + dc.jammu and cs.it
    assert figures["offices_onboarded"] == 4
    assert figures["pending_by_age"]["16-30"] == 5  # + F7, 30 days
    assert figures["movements"] == 12


def test_tehsil_and_office(known, now, org):
    tehsil = adoption(org["units"]["khanyar"], *FEBRUARY)
    assert (tehsil["e_files"], tehsil["e_receipts"], tehsil["movements"]) == (0, 1, 0)
    assert tehsil["active_users"] == 1
    assert tehsil["users_onboarded"] == 1
    assert tehsil["pending_by_age"] == {"0-7": 0, "8-15": 0, "16-30": 2, "30+": 0}  # F3, R6
    office = adoption(org["offices"]["dc_sgr"], *FEBRUARY)
    assert (office["e_files"], office["physical_files"]) == (4, 1)
    assert (office["e_receipts"], office["physical_receipts"]) == (4, 1)
    assert office["files_closed"] == 4
    assert office["pending"] == 12
    assert "offices_target" in office


def test_a_day_is_the_local_day(known, now, org):
    """R4 was diarised at 20:00 UTC on 28-02, which is 01:30 on 01-03 in Srinagar."""
    march_first = adoption(org["units"]["srinagar"], date(2026, 3, 1), date(2026, 3, 1))
    assert march_first["e_receipts"] == 1
    last_of_february = adoption(org["units"]["srinagar"], date(2026, 2, 28), date(2026, 2, 28))
    assert last_of_february["e_receipts"] == 0


def test_weekly_series(known, now, org):
    weeks = weekly(Scope(unit=org["units"]["srinagar"]), trend_weeks(date(2026, 2, 28)))
    assert len(weeks) == 12 and weeks[-1]["start"] == date(2026, 2, 23)
    first_week = next(w for w in weeks if w["start"] == date(2026, 2, 2))
    assert (first_week["e_files"], first_week["physical_files"]) == (3, 0)  # F1 F2 F6
    assert first_week["e_receipts"] == 4  # R1 R2 R11 R10
    assert first_week["movements"] == 8  # F1 2 (3rd on 09-02), F2 3, R1 1, R2 and its copy 2
    assert first_week["active_users"] == 4  # so adc dc cru
    assert first_week["files_closed"] == 0  # F6 closed and reopened
    last_week = weeks[-1]
    assert last_week["files_closed"] == 1 and last_week["movements"] == 1  # F5


def test_median_of_a_histogram():
    assert median({}) is None
    assert median({5: 1}) == 5
    assert median({0: 1, 10: 1, 16: 1, 36: 1}) == 13
    assert median({1: 3, 9: 1}) == 1
    assert median({2: 2, 4: 2}) == 3
