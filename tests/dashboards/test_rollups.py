"""The rollups kept by each movement equal a rebuild from the movement log."""
from datetime import date

from sqlalchemy import select, update

from eoffice.dashboards import rollups
from eoffice.extensions import db
from eoffice.models import DailyActiveUser, DailyOfficeStat, FileDisposal, WeeklyActiveUser


def snapshot():
    return {
        "stats": set(map(tuple, db.session.execute(select(
            DailyOfficeStat.day, DailyOfficeStat.office_id,
            *[getattr(DailyOfficeStat, name) for name in DailyOfficeStat.COUNTERS])))),
        "actives": set(map(tuple, db.session.execute(select(
            DailyActiveUser.day, DailyActiveUser.office_id, DailyActiveUser.user_id)))),
        "weekly": set(map(tuple, db.session.execute(select(
            WeeklyActiveUser.week, WeeklyActiveUser.user_id, WeeklyActiveUser.office_id)))),
        "disposals": set(map(tuple, db.session.execute(select(
            FileDisposal.efile_id, FileDisposal.office_id, FileDisposal.day,
            FileDisposal.disposal_days, FileDisposal.levels)))),
    }


def test_rollups_equal_a_rebuild_from_the_movement_log(known):
    kept = snapshot()
    assert kept["stats"] and kept["actives"] and kept["weekly"] and len(kept["disposals"]) == 4
    assert rollups.differences() == []
    written = rollups.rebuild()
    db.session.commit()
    # F6's closing was taken back by its reopening: its day keeps a row of zeros
    # that a rebuild does not make
    zeros = {row for row in kept["stats"] if not any(row[2:])}
    assert len(zeros) == 0 or all(row[0] == date(2026, 2, 6) for row in zeros)
    assert snapshot() == {**kept, "stats": kept["stats"] - zeros}
    assert written == {"daily_office_stat": len(kept["stats"] - zeros),
                       "daily_active_user": len(kept["actives"]),
                       "weekly_active_user": len(kept["weekly"]), "file_disposal": 4}


def test_disposal_rows_hold_days_and_levels(known):
    rows = {row.efile_id: (row.day, row.disposal_days, row.levels)
            for row in db.session.scalars(select(FileDisposal))}
    assert rows == {known["F1"].id: (date(2026, 2, 12), 10, 3),
                    known["F2"].id: (date(2026, 2, 20), 16, 3),
                    known["F4"].id: (date(2026, 2, 15), 0, 1),
                    known["F5"].id: (date(2026, 2, 25), 36, 2)}


def test_differences_are_found_and_rebuild_repairs_them(known, org):
    db.session.execute(update(DailyOfficeStat).where(DailyOfficeStat.day == date(2026, 2, 2))
                       .values(e_files=DailyOfficeStat.e_files + 5))
    db.session.execute(update(FileDisposal).where(FileDisposal.efile_id == known["F1"].id)
                       .values(levels=9))
    db.session.add(DailyActiveUser(day=date(2025, 6, 1), office_id=org["offices"]["dc_sgr"].id,
                                   user_id=org["users"]["admin"].id))
    db.session.commit()
    found = rollups.differences()
    assert any(line.startswith("daily_office_stat (datetime.date(2026, 2, 2)") for line in found)
    assert any(line.startswith("file_disposal") for line in found)
    assert any("days without movements" in line for line in found)
    rollups.rebuild()
    db.session.commit()
    assert rollups.differences() == []


def test_closing_and_reopening_count_on_the_closing_day(known, org):
    closed = dict(db.session.execute(select(DailyOfficeStat.day, DailyOfficeStat.files_closed)
                                     .where(DailyOfficeStat.files_closed != 0)).all())
    assert closed == {date(2026, 2, 12): 1, date(2026, 2, 15): 1, date(2026, 2, 20): 1,
                      date(2026, 2, 25): 1}  # F6: closed 06-02, reopened 07-02


def test_rebuild_on_an_empty_log(org):
    assert rollups.rebuild() == {"daily_office_stat": 0, "daily_active_user": 0,
                                 "weekly_active_user": 0, "file_disposal": 0}
    assert rollups.differences() == []


def test_rebuild_stats_command(app, known):
    db.session.execute(update(DailyOfficeStat).values(movements=0))
    db.session.commit()
    runner = app.test_cli_runner()
    check = runner.invoke(args=["eoffice", "rebuild-stats", "--check"])
    assert check.exit_code == 1 and "daily_office_stat" in check.output
    # it says what to run (an upgraded database's kept figures need one rebuild)
    assert "flask --app app eoffice rebuild-stats" in check.output.splitlines()[-1]
    result = runner.invoke(args=["eoffice", "rebuild-stats"])
    assert result.exit_code == 0, result.output
    assert "file_disposal: 4" in result.output
    db.session.expire_all()
    assert runner.invoke(args=["eoffice", "rebuild-stats", "--check"]).exit_code == 0
    assert db.session.scalar(select(db.func.sum(DailyOfficeStat.movements))) == 14


def test_a_service_client_is_no_active_user(client, org):
    """e-UNNAT's receipts count for the office, its system account not as a person who acted."""
    from tests.api.conftest import Api, application, service_token

    created = Api(client, service_token()).post("/api/v1/receipts", json=application())
    assert created.status_code == 201
    stats = db.session.scalars(select(DailyOfficeStat)).all()
    assert [(row.office_id, row.e_receipts) for row in stats] == [
        (org["offices"]["dc_sgr"].id, 1)]
    assert db.session.scalars(select(DailyActiveUser)).all() == []
    assert db.session.scalars(select(WeeklyActiveUser)).all() == []
    assert rollups.differences() == []
    rollups.rebuild()
    assert db.session.scalars(select(DailyActiveUser)).all() == []
