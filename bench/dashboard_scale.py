"""Dashboard reads at UT scale on PostgreSQL: a year of rollups for ~2,000 offices and
25,000 users, millions of files and receipts, then the time to build each dashboard.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:54329/SCRATCH_DB \
        .venv/bin/python bench/dashboard_scale.py [--keep]

It drops and recreates every table in SCRATCH_DB. Rows are made in SQL (not through
the services: that would take hours); the rollups' consistency with the movement log
is the tests' business, this is about read time.
"""
import os
import sys
import time
from datetime import timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sqlalchemy import text  # noqa: E402

from eoffice import create_app  # noqa: E402
from eoffice.clock import utcnow  # noqa: E402
from eoffice.dashboards import board, periods  # noqa: E402
from eoffice.dashboards.scope import Scope  # noqa: E402
from eoffice.demo import load_demo  # noqa: E402
from eoffice.extensions import db  # noqa: E402
from eoffice.models import Office, OrgUnit  # noqa: E402

FILES, RECEIPTS, DAYS = 2_000_000, 2_000_000, 365

SYNTHESIS = [
    # twenty more offices in every tehsil and block: about 2,000 offices in all
    """INSERT INTO office (code, name, department_id, org_unit_id, file_number_pattern, active)
       SELECT 'X-' || u.code || '-' || g, 'Office ' || g || ', ' || u.name,
              (SELECT id FROM department ORDER BY id OFFSET (g % 6) LIMIT 1), u.id,
              '{office}/{head}/{serial}/{year}', true
       FROM org_unit u, generate_series(1, 20) g WHERE u.kind IN ('tehsil', 'block')""",
    """INSERT INTO post (office_id, designation, label, active)
       SELECT o.id, 'Post ' || g, 'P' || g || ' ' || o.code, true
       FROM office o, generate_series(1, 13) g WHERE o.code LIKE 'X-%'""",
    """INSERT INTO user_account (username, name, employee_code, language, password_hash,
                                 failed_logins, active)
       SELECT 'bench-' || p.id, 'Bench user ' || p.id, 'B' || p.id, 'en', 'x', 0, true
       FROM post p WHERE p.label LIKE 'P%' ORDER BY p.id LIMIT 25000""",
    """INSERT INTO post_holding (user_id, post_id, kind, starts_on)
       SELECT u.id, substr(u.username, 7)::int, 'regular', DATE '2024-01-01'
       FROM user_account u WHERE u.username LIKE 'bench-%'""",
    """CREATE TEMP TABLE bench_post AS
       SELECT row_number() OVER (ORDER BY p.id) - 1 AS n, p.id, p.office_id, h.user_id
       FROM post p JOIN post_holding h ON h.post_id = p.id""",
    f"""INSERT INTO efile (office_id, file_no, serial, year, head, category, subject,
                           is_electronic, grading, status, created_by_id, created_by_post_id,
                           created_at, closed_at, holder_post_id, holder_since, priority,
                           due_on, version)
       SELECT b.office_id, 'BENCH/' || g, g, 2026, 'B', 'general', 'Bench file', g % 3 <> 0,
              'normal', CASE WHEN g % 5 = 0 THEN 'active' ELSE 'closed' END, b.user_id, b.id,
              now() - (g % {DAYS}) * interval '1 day',
              CASE WHEN g % 5 <> 0 THEN now() - (g % {DAYS}) * interval '1 day'
                   + (g % 40) * interval '1 day' END,
              b.id, now() - (g % 120) * interval '1 day', 'normal',
              CASE WHEN g % 9 = 0 THEN current_date - 2 END, 1
       FROM generate_series(1, {FILES}) g
       JOIN bench_post b ON b.n = g % (SELECT count(*) FROM bench_post)""",
    f"""INSERT INTO receipt (office_id, diary_no, diary_year, diary_serial, copy_no, subject,
                             body, sender_name, sender_designation, sender_organisation,
                             sender_address, sender_email, sender_mobile, letter_no,
                             received_on, diarised_at, mode, category, grading, is_electronic,
                             created_by_id, created_by_post_id, status, holder_post_id,
                             holder_since, priority, version)
       SELECT b.office_id, 'BENCH/' || g, 2026, g, 0, 'Bench receipt', '', 'Sender', '', '',
              '', '', '', '', current_date, now(), 'post', 'general', 'normal', g % 2 = 0,
              b.user_id, b.id, CASE WHEN g % 7 = 0 THEN 'active' ELSE 'in_file' END, b.id,
              now() - (g % 120) * interval '1 day', 'normal', 1
       FROM generate_series(1, {RECEIPTS}) g
       JOIN bench_post b ON b.n = (g * 7) % (SELECT count(*) FROM bench_post)""",
    """INSERT INTO file_disposal (efile_id, office_id, day, disposal_days, levels)
       SELECT id, office_id, (closed_at + interval '330 minutes')::date,
              (closed_at + interval '330 minutes')::date - (created_at + interval '330 minutes')::date,
              1 + id % 5
       FROM efile WHERE status = 'closed'""",
    f"""INSERT INTO daily_office_stat (day, office_id, e_files, physical_files, e_receipts,
                                       physical_receipts, movements, files_closed)
       SELECT current_date - d, o.id, 3 + (o.id + d) % 5, (o.id * d) % 3, 4 + d % 4,
              (o.id + d) % 3, 30 + (o.id * 7 + d) % 40, (o.id + d) % 4
       FROM office o, generate_series(0, {DAYS - 1}) d""",
    # each user active on about 60% of working days
    f"""INSERT INTO daily_active_user (day, office_id, user_id)
       SELECT current_date - d, b.office_id, b.user_id
       FROM bench_post b, generate_series(0, {DAYS - 1}) d
       WHERE extract(isodow FROM current_date - d) < 7 AND (b.user_id * 31 + d) % 5 < 3""",
    """INSERT INTO weekly_active_user (week, user_id, office_id)
       SELECT DISTINCT date_trunc('week', day)::date, user_id, office_id FROM daily_active_user""",
    "ANALYZE",
]


def synthesise(app):
    db.drop_all()
    db.create_all()
    load_demo(app.config["DEMO_PASSWORD"])
    db.session.commit()
    for statement in SYNTHESIS:
        started = time.perf_counter()
        db.session.execute(text(statement))
        db.session.commit()
        print(f"  {time.perf_counter() - started:6.1f} s  {statement.split()[0:3]}")


def timed(label, scope, period):
    best = None
    for _ in range(3):
        db.session.rollback()
        started = time.perf_counter()
        result = board.build(scope, period)
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    print(f"{label:<38} {best * 1000:7.0f} ms   ranking rows "
          f"{len(result.tables.get('ranking').rows) if 'ranking' in result.tables else '-'}")


def main():
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"), "needs DATABASE_URL"
    with app.app_context():
        if "--keep" not in sys.argv:
            synthesise(app)
        counts = {table: db.session.scalar(text(f"SELECT count(*) FROM {table}")) for table in (
            "office", "user_account", "efile", "receipt", "file_disposal", "daily_office_stat",
            "daily_active_user", "weekly_active_user")}
        print(counts)
        today = periods.local_day(utcnow())
        month = periods.from_args({"period": "month"}, today)
        year = periods.custom(today - timedelta(days=364), today, today)
        ut = db.session.query(OrgUnit).filter_by(code="JK").one()
        district = db.session.query(OrgUnit).filter_by(code="SGR").one()
        tehsil = db.session.query(OrgUnit).filter_by(code="SGR-T1").one()
        office = db.session.query(Office).filter_by(code="DC-SGR").one()
        timed("UT, this month", Scope(unit=ut), month)
        timed("UT, a whole year", Scope(unit=ut), year)
        timed("district, this month", Scope(unit=district), month)
        timed("tehsil, this month", Scope(unit=tehsil), month)
        timed("office, this month", Scope(office=office), month)


if __name__ == "__main__":
    main()
