"""Adoption rollups: kept by every movement, rebuilt from the movement log on demand.

`on_movement()` answers each movement `movement.services.record()` appends (the
signal movement_recorded, see reactions.py), in the same transaction, so a rollup never
counts work that was rolled back:

- `daily_office_stat` (day, office): files and receipts created, electronic or
  physical, sends (hand-overs from one post to another, copies included) and files
  closed (a reopening takes its closing back);
- `daily_active_user` (day, office, user) and `weekly_active_user` (week, user,
  office): who acted at all (created, sent, opened, parked, closed, ...), but for API
  service clients (e-UNNAT): their receipts count, their system account is nobody;
- `file_disposal` (file): for each file closed now, the day it closed, the days from
  opening to closing and the distinct posts it went to. It is one row per closed
  file because the median disposal time needs each file's value, not a sum; a
  period's closed files are read from a covering index on day.

A movement counts for the office of the post that acted (a file's creator, its
sender); a closing for the file's own office. `rebuild()` recomputes everything from
the movement log and `differences()` says where the two disagree.
"""
from collections import Counter
from datetime import timedelta
from functools import lru_cache

from sqlalchemy import and_, delete, func, literal, select, text
from sqlalchemy.dialects import postgresql, sqlite

from .. import audit
from ..batches import id_ranges, within
from ..clock import local_day, utc_start_of
from ..database import writers_run_side_by_side
from ..extensions import db
from ..models import (
    DailyActiveUser,
    DailyOfficeStat,
    EFile,
    FileDisposal,
    Movement,
    Post,
    Receipt,
    UserRole,
    WeeklyActiveUser,
)
from ..models.user import SERVICE_ROLE
from ..vocabulary import ACTIONS
from .periods import week_of

BATCH = 2000
TABLES = ("daily_office_stat", "daily_active_user", "weekly_active_user", "file_disposal")


def counters_for(action, kind, is_electronic):
    """Which day counters one movement raises (its `counts` in vocabulary.ACTIONS)."""
    counts = ACTIONS[action].counts
    if counts == "created":
        return {("e_" if is_electronic else "physical_") + kind + "s": 1}
    if counts == "sent":
        return {"movements": 1}
    return {}


@lru_cache(maxsize=None)
def _upsert(dialect_name, model, key=(), adding=(), replacing=()):
    """INSERT of one counter row; on a clash with the row already kept for `key`, add the
    `adding` columns to it and overwrite the `replacing` ones (without either: leave it).
    Built once per shape: building an upsert costs more than running it."""
    table = model.__table__
    statement = (postgresql if dialect_name == "postgresql" else sqlite).insert(table)
    if not adding and not replacing:
        return statement.on_conflict_do_nothing()
    changes = {name: table.c[name] + statement.excluded[name] for name in adding}
    changes.update({name: statement.excluded[name] for name in replacing})
    return statement.on_conflict_do_update(index_elements=list(key), set_=changes)


def write_counter(model, rows, key=(), adding=(), replacing=()):
    """Upsert a counter row (or a list of rows, in order) on the session's connection:
    counters read nothing the session has pending, so the ORM's autoflush and result
    handling are skipped (and it may run inside a flush)."""
    connection = db.session.connection()
    connection.execute(_upsert(connection.dialect.name, model, tuple(key), tuple(adding),
                               tuple(replacing)), rows)


def on_movement(item, movement, by_post, by_person=True):
    """Bring the rollups up to date with one movement just added to the session;
    by_person is false for an API service client's."""
    day = local_day(movement.at)
    office_id = by_post.office_id if by_post is not None else item.office_id
    counters = counters_for(movement.action, item.kind, item.is_electronic)
    if counters:
        _add(day, office_id, counters)
    if by_person:
        user_id = movement.by_user_id
        write_counter(DailyActiveUser, {"day": day, "office_id": office_id, "user_id": user_id})
        write_counter(WeeklyActiveUser,
                      {"week": week_of(day), "user_id": user_id, "office_id": office_id})
    if item.kind == "file" and movement.action == "close":
        _record_disposal(item, day)
        _add(day, item.office_id, {"files_closed": 1})
    elif item.kind == "file" and movement.action == "reopen":
        _forget_disposal(item.id)


def _add(day, office_id, counters):
    write_counter(DailyOfficeStat, {"day": day, "office_id": office_id, **counters},
                  key=("day", "office_id"), adding=sorted(counters))


def _forget_disposal(efile_id):
    """A reopened file is no longer closed: its disposal and its closing count go."""
    connection, kept = db.session.connection(), FileDisposal.__table__
    closed = connection.execute(select(kept.c.day, kept.c.office_id)
                                .where(kept.c.efile_id == efile_id)).first()
    if closed is not None:
        _add(closed.day, closed.office_id, {"files_closed": -1})
        connection.execute(delete(kept).where(kept.c.efile_id == efile_id))


def _record_disposal(efile, closed_on):
    posts = set(db.session.scalars(select(Movement.to_post_id).distinct().where(
        Movement.efile_id == efile.id, Movement.to_post_id.is_not(None))))
    row = disposal_row(efile.id, efile.office_id, efile.created_at, efile.created_by_post_id,
                       closed_on, posts)
    write_counter(FileDisposal, row, key=("efile_id",),
                  replacing=("office_id", "day", "disposal_days", "levels"))


def disposal_row(efile_id, office_id, created_at, created_by_post_id, closed_on, to_posts):
    """Levels: the distinct posts a file reached, counting the one that opened it."""
    return {"efile_id": efile_id, "office_id": office_id, "day": closed_on,
            "disposal_days": (closed_on - local_day(created_at)).days,
            "levels": len(set(to_posts) | {created_by_post_id})}


def _recount(first, last):
    """The counters of the local days first..last recounted from their movements: (stats
    {(day, office): Counter}, daily {(day, office, user)}). Files closed are not in
    stats: they follow the files' current state."""
    acting_office = func.coalesce(Post.office_id, EFile.office_id, Receipt.office_id)
    rows = db.session.execute(
        select(Movement.at, Movement.action, Movement.by_user_id, acting_office,
               Movement.efile_id, func.coalesce(EFile.is_electronic, Receipt.is_electronic),
               UserRole.role)
        .outerjoin(Post, Post.id == Movement.by_post_id)
        .outerjoin(UserRole, and_(UserRole.user_id == Movement.by_user_id,
                                  UserRole.role == SERVICE_ROLE))
        .outerjoin(EFile, EFile.id == Movement.efile_id)
        .outerjoin(Receipt, Receipt.id == Movement.receipt_id)
        .where(Movement.at >= utc_start_of(first),
               Movement.at < utc_start_of(last + timedelta(days=1))))
    stats, actives = {}, set()
    for at, action, user_id, office_id, efile_id, electronic, service_role in rows:
        moved_on = local_day(at)
        counters = counters_for(action, "file" if efile_id else "receipt", electronic)
        if counters:
            stats.setdefault((moved_on, office_id), Counter()).update(counters)
        if service_role is None:
            actives.add((moved_on, office_id, user_id))
    return stats, actives


def _recount_week(monday):
    """One week's (Monday to Sunday) stats and daily actives as `_recount`, and its
    weekly actives {(week, user, office)}."""
    stats, actives = _recount(monday, monday + timedelta(days=6))
    return stats, actives, {(monday, user_id, office_id) for _day, office_id, user_id in actives}


def _log_span():
    """The first and last local day of the movement log, or None when it is empty. Two
    statements: SQLite answers a lone min() or max() from the index's end, but both at
    once by reading the whole index (0.3 s at 460,000 movements)."""
    first_at = db.session.scalar(select(func.min(Movement.at)))
    last_at = db.session.scalar(select(func.max(Movement.at)))
    return None if first_at is None else (local_day(first_at), local_day(last_at))


def _activity_windows(closures):
    """Week by week over the whole movement log: (first day, last day, stats, daily,
    weekly) as `_recount_week`, with `closures` ({monday: {(day, office): files
    closed}}) added to stats."""
    span = _log_span()
    if span is None:
        return
    day = week_of(span[0])
    while day <= span[1]:
        stats, actives, weekly = _recount_week(day)
        for (closed_on, office_id), count in closures.get(day, {}).items():
            stats.setdefault((closed_on, office_id), Counter())["files_closed"] += count
        yield day, day + timedelta(days=6), stats, actives, weekly
        day += timedelta(days=7)


def _disposals(low, high=None):
    """Disposal rows {file: row} for the files low..high (no bound: all from low) whose
    latest close/reopen movement is a close."""
    latest = {}
    for efile_id, action, at in db.session.execute(
            select(Movement.efile_id, Movement.action, Movement.at)
            .where(within(Movement.efile_id, low, high), Movement.action.in_(("close", "reopen"))).order_by(Movement.id)):
        latest[efile_id] = (action, at)
    closed = {efile_id: at for efile_id, (action, at) in latest.items() if action == "close"}
    if not closed:
        return {}
    reached = {}
    for efile_id, post_id in db.session.execute(
            select(Movement.efile_id, Movement.to_post_id).distinct()
            .where(Movement.efile_id.in_(closed), Movement.to_post_id.is_not(None))):
        reached.setdefault(efile_id, set()).add(post_id)
    files = db.session.execute(select(EFile.id, EFile.office_id, EFile.created_at,
                                      EFile.created_by_post_id).where(EFile.id.in_(closed)))
    return {efile_id: disposal_row(efile_id, office_id, created_at, created_by_post_id,
                                   local_day(closed[efile_id]), reached.get(efile_id, ()))
            for efile_id, office_id, created_at, created_by_post_id in files}


def _disposal_batches():
    for low, high in id_ranges(EFile.id, BATCH):
        yield low, high, _disposals(low, high)


def _closures():
    """Files closed now, by week, then (closing day, file's office)."""
    by_week = {}
    for _low, _high, rows in _disposal_batches():
        for row in rows.values():
            by_week.setdefault(week_of(row["day"]), Counter())[(row["day"], row["office_id"])] += 1
    return by_week


def _hold_off_rollup_writes():
    """Until this transaction commits, no movement writes a rollup row: it reads the
    current log and nothing changes it meanwhile. On PostgreSQL the audit chain lock
    (every movement takes it before its rollup rows, so it comes first here too) and
    the tables' EXCLUSIVE lock, which readers pass; on SQLite the chain lock makes this
    transaction the one writer."""
    audit.lock_chain()
    if writers_run_side_by_side(db.session):
        db.session.execute(text(f"LOCK TABLE {', '.join(TABLES)} IN EXCLUSIVE MODE"))


def _rebuild_disposals(written, echo):
    ranges = id_ranges(EFile.id, BATCH)
    db.session.commit()
    for done, (low, high) in enumerate(ranges, 1):
        _hold_off_rollup_writes()
        db.session.execute(delete(FileDisposal).where(within(FileDisposal.efile_id, low, high)))
        rows = _disposals(low, high)
        if rows:
            db.session.execute(FileDisposal.__table__.insert(), list(rows.values()))
        db.session.commit()
        written["file_disposal"] += len(rows)
        echo(f"file_disposal: files {done}/{len(ranges)} batches")


DAY_TABLES = ((DailyOfficeStat, DailyOfficeStat.day), (DailyActiveUser, DailyActiveUser.day))
WEEK_TABLES = ((WeeklyActiveUser, WeeklyActiveUser.week),)


def _forget(condition, tables=DAY_TABLES + WEEK_TABLES):
    for model, column in tables:
        db.session.execute(delete(model).where(condition(column)))


def _rebuild_day(day):
    """Replace one day's rows with a recount; files closed come from file_disposal,
    which is exact by now and kept so by every close and reopen."""
    _forget(lambda column: column == day, DAY_TABLES)
    stats, actives = _recount(day, day)
    for office_id, count in db.session.execute(
            select(FileDisposal.office_id, func.count()).where(FileDisposal.day == day)
            .group_by(FileDisposal.office_id)):
        stats.setdefault((day, office_id), Counter())["files_closed"] += count
    if stats:
        db.session.execute(DailyOfficeStat.__table__.insert(), [
            {"day": day, "office_id": office_id,
             **{name: counters[name] for name in DailyOfficeStat.COUNTERS}}
            for (_day, office_id), counters in stats.items()])
    if actives:
        db.session.execute(DailyActiveUser.__table__.insert(), [
            {"day": day, "office_id": office_id, "user_id": user_id}
            for _day, office_id, user_id in actives])
    return {"daily_office_stat": len(stats), "daily_active_user": len(actives)}


def _rebuild_weekly_actives(monday):
    """A week's active users are those of its days: every movement writes both rows, and
    the days of this week are rebuilt by now, so daily_active_user is exact for them."""
    daily = DailyActiveUser
    _forget(lambda column: column == monday, WEEK_TABLES)
    db.session.execute(WeeklyActiveUser.__table__.insert().from_select(
        ["week", "user_id", "office_id"],
        select(literal(monday, type_=db.Date), daily.user_id, daily.office_id).distinct()
        .where(daily.day.between(monday, monday + timedelta(days=6)))))
    return db.session.scalar(select(func.count()).select_from(WeeklyActiveUser)
                             .where(WeeklyActiveUser.week == monday))


def _rebuild_days(written, echo):
    """Day by day from the Monday of the log's first week to its last day (read again
    under each batch's hold, so days that begin meanwhile are done too); each Sunday,
    and the last day, also rebuild the week's active users."""
    day = None
    while True:
        _hold_off_rollup_writes()
        span = _log_span()  # read under the hold: the log as it stands at this commit
        if span is None:
            _forget(lambda column: column.is_not(None))
            db.session.commit()
            return
        if day is None:
            day = week_of(span[0])
            _forget(lambda column, before=day: column < before)
        written.update(_rebuild_day(day))
        last = day >= span[1]
        if last or day.weekday() == 6:
            written["weekly_active_user"] += _rebuild_weekly_actives(week_of(day))
        if last:
            _forget(lambda column, after=day: column > after)
        db.session.commit()
        echo(f"rollups: {day.isoformat()} of {span[1].isoformat()}")
        if last:
            return
        day += timedelta(days=1)


def rebuild(echo=None):
    """Replace the rollups with a recomputation from the movement log (an audited act),
    a batch per commit so that writers get their turn in between: first the disposals,
    a range of files at a time, then the counters, a day at a time. Each batch
    holds off rollup writes, reads the log and replaces its rows in one transaction: a
    movement committed before the batch is in what it reads, one committed after it
    adds to the rows it wrote, so none is lost or counted twice. Commits; returns the
    number of rows written per table."""
    echo = echo or (lambda _line: None)
    audit.record("stats.rebuild", detail="rollups rebuilt from the movement log")
    written = Counter()
    _rebuild_disposals(written, echo)
    _rebuild_days(written, echo)
    return {table: written[table] for table in TABLES}


def differences(limit=50):
    """Where the stored rollups disagree with a rebuild from the movement log (empty
    when they agree). Reads window by window, so memory stays bounded."""
    found = []
    covered = None
    for first, last, stats, actives, weekly in _activity_windows(_closures()):
        covered = (covered[0] if covered else first, last)
        stored = {(row.day, row.office_id): Counter({name: getattr(row, name) for name in
                                                     DailyOfficeStat.COUNTERS})
                  for row in db.session.scalars(select(DailyOfficeStat).where(
                      DailyOfficeStat.day.between(first, last)))}
        found += _compare("daily_office_stat", {key: +value for key, value in stats.items()},
                          {key: +value for key, value in stored.items() if +value})
        for model, rows, columns in (
                (DailyActiveUser, actives, (DailyActiveUser.day, DailyActiveUser.office_id,
                                            DailyActiveUser.user_id)),
                (WeeklyActiveUser, weekly, (WeeklyActiveUser.week, WeeklyActiveUser.user_id,
                                            WeeklyActiveUser.office_id))):
            stored_rows = set(map(tuple, db.session.execute(
                select(*columns).where(columns[0].between(first, last)))))
            found += _compare(model.__tablename__, dict.fromkeys(rows, True),
                              dict.fromkeys(stored_rows, True))
    for column in (DailyOfficeStat.day, DailyActiveUser.day, WeeklyActiveUser.week):
        stray = select(func.count()).select_from(column.class_)
        if covered:
            stray = stray.where(~column.between(*covered))
        if db.session.scalar(stray):
            found.append(f"{column.class_.__tablename__}: rows on days without movements")
    for low, high, rows in _disposal_batches():
        stored = {row.efile_id: {"efile_id": row.efile_id, "office_id": row.office_id,
                                 "day": row.day, "disposal_days": row.disposal_days,
                                 "levels": row.levels}
                  for row in db.session.scalars(select(FileDisposal).where(
                      within(FileDisposal.efile_id, low, high)))}
        found += _compare("file_disposal", rows, stored)
    return found[:limit]


def _compare(table, rebuilt, stored):
    return [f"{table} {key}: stored {stored.get(key)}, rebuilt {rebuilt.get(key)}"
            for key in sorted(set(rebuilt) | set(stored), key=str)
            if rebuilt.get(key) != stored.get(key)]
