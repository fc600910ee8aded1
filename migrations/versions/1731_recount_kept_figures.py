"""kept figures recounted: an upgraded database passes `rebuild-stats --check` at once

The dashboards' daily rollups (kept since 0400_dashboards, but never filled for the
movements made before) and the pending counts are recounted here from the movement log
and the items, so a database upgraded from any earlier version agrees with the log
right after `db upgrade`. The rules are those of eoffice/dashboards/rollups.py and
eoffice/inbox/pending.py when this migration was written (a later change of them
brings its own migration), read with plain SQL, a week of the log at a time.

Revision ID: 1731_recount_kept_figures
Revises: 1730_post_oversight
"""
from collections import Counter
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op
from flask import current_app

revision = "1731_recount_kept_figures"
down_revision = "1730_post_oversight"
branch_labels = None
depends_on = None

PENDING = {
    "with_me": ("holder_post_id",
                "holder_post_id IS NOT NULL AND status IN ('active', 'parked')"),
    "with_others": ("sent_by_post_id",
                    "sent_by_post_id IS NOT NULL AND holder_post_id IS NOT NULL "
                    "AND holder_post_id <> sent_by_post_id AND status = 'active'"),
}
SERVICE_ROLE = "api_client"  # its receipts count, its account is no active user
COUNTERS = ("e_files", "physical_files", "e_receipts", "physical_receipts", "movements",
            "files_closed")
WEEK_ROWS = sa.text(
    "SELECT m.at, m.action, m.by_user_id, COALESCE(p.office_id, f.office_id, r.office_id), "
    "m.efile_id, COALESCE(f.is_electronic, r.is_electronic), "
    "EXISTS (SELECT 1 FROM user_role WHERE user_role.user_id = m.by_user_id "
    "AND user_role.role = :service) "
    "FROM movement m LEFT JOIN post p ON p.id = m.by_post_id "
    "LEFT JOIN efile f ON f.id = m.efile_id LEFT JOIN receipt r ON r.id = m.receipt_id "
    "WHERE m.at >= :start AND m.at < :end").bindparams(
        sa.bindparam("start", type_=sa.DateTime), sa.bindparam("end", type_=sa.DateTime))
DISPOSAL = sa.table("file_disposal", sa.column("efile_id", sa.Integer),
                    sa.column("office_id", sa.Integer), sa.column("day", sa.Date),
                    sa.column("disposal_days", sa.Integer), sa.column("levels", sa.Integer))
DAILY = sa.table("daily_office_stat", sa.column("day", sa.Date),
                 sa.column("office_id", sa.Integer),
                 *(sa.column(name, sa.Integer) for name in COUNTERS))
ACTIVE = sa.table("daily_active_user", sa.column("day", sa.Date),
                  sa.column("office_id", sa.Integer), sa.column("user_id", sa.Integer))
WEEKLY = sa.table("weekly_active_user", sa.column("week", sa.Date),
                  sa.column("user_id", sa.Integer), sa.column("office_id", sa.Integer))


def upgrade():
    bind = op.get_bind()
    _recount_pending(bind)
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Asia/Kolkata")
    for table in ("daily_office_stat", "daily_active_user", "weekly_active_user",
                  "file_disposal"):
        bind.execute(sa.text(f"DELETE FROM {table}"))  # noqa: S608 - fixed names
    closures = _recount_disposals(bind, zone)
    _recount_days(bind, zone, closures)


def downgrade():
    """The figures stay: they are right under the earlier code too."""


def _recount_pending(bind):
    bind.execute(sa.text("DELETE FROM pending_count"))
    for table, kind in (("efile", "file"), ("receipt", "receipt")):
        for name, (post, where) in PENDING.items():
            bind.execute(sa.text(
                f"INSERT INTO pending_count (list, post_id, kind, items) "  # noqa: S608
                f"SELECT '{name}', {post}, '{kind}', COUNT(*) FROM {table} "
                f"WHERE {where} GROUP BY {post}"))


def _local_day(moment, zone):
    if isinstance(moment, str):  # SQLite hands back text when read without the ORM
        moment = datetime.fromisoformat(moment)
    return moment.replace(tzinfo=timezone.utc).astimezone(zone).date()


def _utc_start_of(day, zone):
    return datetime.combine(day, time(), tzinfo=zone).astimezone(timezone.utc).replace(tzinfo=None)


def _recount_disposals(bind, zone):
    """A row per file whose latest close/reopen is a close; {(day, office): closed}."""
    latest = {}
    for efile_id, action, at in bind.execute(sa.text(
            "SELECT efile_id, action, at FROM movement WHERE efile_id IS NOT NULL "
            "AND action IN ('close', 'reopen') ORDER BY id")):
        latest[efile_id] = (action, at)
    closed = sorted(efile_id for efile_id, (action, _at) in latest.items() if action == "close")
    closures = Counter()
    for start in range(0, len(closed), 500):
        chunk = closed[start:start + 500]
        marks = ", ".join(str(int(efile_id)) for efile_id in chunk)
        reached = {}
        for efile_id, post_id in bind.execute(sa.text(
                f"SELECT DISTINCT efile_id, to_post_id FROM movement "  # noqa: S608 - ints
                f"WHERE efile_id IN ({marks}) AND to_post_id IS NOT NULL")):
            reached.setdefault(efile_id, set()).add(post_id)
        rows = []
        for efile_id, office_id, created_at, created_by in bind.execute(sa.text(
                f"SELECT id, office_id, created_at, created_by_post_id FROM efile "  # noqa: S608
                f"WHERE id IN ({marks})")):
            closed_on = _local_day(latest[efile_id][1], zone)
            rows.append({"efile_id": efile_id, "office_id": office_id, "day": closed_on,
                         "disposal_days": (closed_on - _local_day(created_at, zone)).days,
                         "levels": len(reached.get(efile_id, set()) | {created_by})})
            closures[(closed_on, office_id)] += 1
        if rows:
            bind.execute(DISPOSAL.insert(), rows)
    return closures


def _recount_days(bind, zone, closures):
    first_at, last_at = bind.execute(sa.text("SELECT MIN(at), MAX(at) FROM movement")).one()
    if first_at is None:
        return
    first, last = _local_day(first_at, zone), _local_day(last_at, zone)
    closed_by_week = {}
    for (closed_on, office_id), count in closures.items():
        week = closed_by_week.setdefault(closed_on - timedelta(days=closed_on.weekday()), {})
        week[(closed_on, office_id)] = count
    monday = first - timedelta(days=first.weekday())
    while monday <= last:
        stats, actives = {}, set()
        for at, action, user_id, office_id, efile_id, electronic, service in bind.execute(
                WEEK_ROWS, {"service": SERVICE_ROLE, "start": _utc_start_of(monday, zone),
                            "end": _utc_start_of(monday + timedelta(days=7), zone)}):
            day = _local_day(at, zone)
            kind = "file" if efile_id else "receipt"
            if action == "create":
                counter = ("e_" if electronic else "physical_") + kind + "s"
                stats.setdefault((day, office_id), Counter())[counter] += 1
            elif action == "send":
                stats.setdefault((day, office_id), Counter())["movements"] += 1
            if not service:
                actives.add((day, office_id, user_id))
        for key, count in closed_by_week.get(monday, {}).items():
            stats.setdefault(key, Counter())["files_closed"] += count
        _insert_week(bind, monday, stats, actives)
        monday += timedelta(days=7)


def _insert_week(bind, monday, stats, actives):
    if stats:
        bind.execute(DAILY.insert(), [
            {"day": day, "office_id": office_id, **{name: counts[name] for name in COUNTERS}}
            for (day, office_id), counts in stats.items()])
    if actives:
        bind.execute(ACTIVE.insert(), [{"day": day, "office_id": office_id, "user_id": user_id}
                                       for day, office_id, user_id in actives])
        bind.execute(WEEKLY.insert(), [
            {"week": monday, "user_id": user_id, "office_id": office_id}
            for office_id, user_id in {(office, user) for _day, office, user in actives}])
