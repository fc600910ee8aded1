"""Adoption figures for an org unit (or one office) and a period.

Each source is read once per period, grouped by office, and the office figures are
then added up in Python for the unit, each ranking row and each department. So a UT
dashboard is about a dozen indexed queries whose results are a few thousand rows at
most, however many files and movements there are:

- day counters and active users from the rollups (`rollups.py`), a range on day;
- disposal from `file_disposal` grouped by (office, days to close): a histogram, from
  which medians come exactly without fetching one row per file;
- users onboarded from current post holdings; pendency from the holder columns of
  files and receipts, grouped by holder post and bucketed by age in SQL, each count
  read from an index alone (no join, no row): the open items and the overdue ones from
  the holder/due index, the recent ones (a month at most) from a range of the
  holder/time index. Pendency is the state now, whatever the period.

The previous period is read as totals only (it is never broken down). Measured with
bench/dashboard_scale.py on PostgreSQL 15 (2,161 offices, 25,302 users, 2 M files,
2 M receipts, 685,000 of them pending, 1.6 M closed files, 4.7 M daily-active rows) on
a shared 2-core machine: UT this month 1.2-1.8 s, a whole year 2.4-3.2 s (the distinct
active users dominate), a district 0.14-0.27 s, a tehsil 50-170 ms, an office 20-55 ms.
"""
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from operator import add

from sqlalchemy import func, or_, select, text

from ..clock import today, utc_start_of
from ..extensions import db
from ..inbox.queries import AGE_BUCKETS
from ..models import (
    DailyActiveUser,
    DailyOfficeStat,
    EFile,
    FileDisposal,
    OrgUnit,
    Post,
    PostHolding,
    Receipt,
    UnitTarget,
    User,
    WeeklyActiveUser,
)
from ..models.records import OPEN_SQL
from .periods import week_of
from .scope import Scope

BUCKETS = tuple(label for label, _low, _high in AGE_BUCKETS)
TOP_POSTS = 10


@dataclass
class Facts:
    """What each office did in a period (and holds now), keyed by office id; or all
    under the key None when gathered for the scope as a whole."""
    counters: dict = field(default_factory=dict)  # office -> (int, ...) in COUNTERS order
    actives: dict = field(default_factory=dict)  # office -> set of user ids
    disposals: dict = field(default_factory=dict)  # office -> {days to close: files}
    levels: dict = field(default_factory=dict)  # office -> sum of levels
    onboarded: dict = field(default_factory=dict)  # office -> set of user ids
    pending: dict = field(default_factory=dict)  # office -> (0-7, 8-15, 16-30, 30+, overdue)
    pending_posts: dict = field(default_factory=dict)  # post -> the same


def gather(scope, start, end, by_office=True, with_pending=True):
    """The facts of a period. by_office=False reads totals only (for the previous
    period, which is never broken down)."""
    facts = Facts()
    _day_counters(facts, scope, start, end, by_office)
    _active_users(facts, scope, start, end, by_office)
    _disposals(facts, scope, start, end, by_office)
    _onboarded(facts, scope, min(end, today()))
    if with_pending:
        _pending(facts, scope, today())
    return facts


def _day_counters(facts, scope, start, end, by_office):
    stat = DailyOfficeStat
    sums = [func.sum(getattr(stat, name)) for name in stat.COUNTERS]
    query = select(stat.office_id, *sums) if by_office else select(*sums)
    query = query.where(stat.day.between(start, end), scope.covers(stat.office_id))
    for row in db.session.execute(query.group_by(stat.office_id) if by_office else query):
        office_id, values = (row[0], row[1:]) if by_office else (None, row)
        if values[0] is not None:
            facts.counters[office_id] = tuple(int(value) for value in values)


def _active_users(facts, scope, start, end, by_office):
    query = select(DailyActiveUser.office_id, DailyActiveUser.user_id) if by_office else \
        select(DailyActiveUser.user_id)
    for row in db.session.execute(query.distinct().where(
            DailyActiveUser.day.between(start, end), scope.covers(DailyActiveUser.office_id))):
        facts.actives.setdefault(row[0] if by_office else None, set()).add(row[-1])


def _disposals(facts, scope, start, end, by_office):
    keys = [FileDisposal.office_id] if by_office else []
    for row in db.session.execute(
            select(*keys, FileDisposal.disposal_days, func.count(), func.sum(FileDisposal.levels))
            .where(FileDisposal.day.between(start, end), scope.covers(FileDisposal.office_id))
            .group_by(*keys, FileDisposal.disposal_days)):
        office_id, (days, files, levels) = (row[0], row[1:]) if by_office else (None, row)
        facts.disposals.setdefault(office_id, {})[days] = files
        facts.levels[office_id] = facts.levels.get(office_id, 0) + int(levels)


def _onboarded(facts, scope, on_day):
    """Users with an account who hold a post in the office on that day."""
    for office_id, user_id in db.session.execute(
            select(Post.office_id, PostHolding.user_id).distinct()
            .join(Post, Post.id == PostHolding.post_id)
            .join(User, User.id == PostHolding.user_id)
            .where(PostHolding.starts_on <= on_day,
                   or_(PostHolding.ends_on.is_(None), PostHolding.ends_on >= on_day),
                   User.active, Post.active, scope.covers(Post.office_id))):
        facts.onboarded.setdefault(office_id, set()).add(user_id)


def _open_items(model, scope, today):
    """Per holder post, two statements, each answered from an index alone: its open
    items and how many of them are overdue (the holder/due index), and how many reached
    it at most 7, 15 and 30 days ago (the holder/time index, a range of the recent ones
    only). An item is at most N days old when it reached its holder on or after local
    day today - N. In one statement, a FILTER per bucket read every open item's row
    (SQLite chose the holder/due index and looked each row up for its time): at a
    million items 54 ms of an office dashboard's 76, now about 4."""
    held = [text(f"{model.__tablename__}.{OPEN_SQL}"), scope.covers_posts(model.holder_post_id)]
    since = model.holder_since
    starts = [utc_start_of(today - timedelta(days=high)) for _label, _low, high in AGE_BUCKETS[:-1]]
    totals = (select(model.holder_post_id, func.count(), func.count().filter(model.due_on < today))
              .where(*held).group_by(model.holder_post_id))
    recent = (select(model.holder_post_id, *(func.count().filter(since >= start)
                                             for start in starts[:-1]), func.count())
              .where(*held, since >= starts[-1]).group_by(model.holder_post_id))
    return totals, recent


def _pending(facts, scope, today):
    for model in (EFile, Receipt):
        totals, recent = _open_items(model, scope, today)
        ages = {post_id: counts for post_id, *counts in db.session.execute(recent)}
        for post_id, everything, overdue in db.session.execute(totals):
            week, fortnight, month = ages.get(post_id, (0, 0, 0))
            _add_into(facts.pending_posts, post_id, [week, fortnight - week, month - fortnight,
                                                     everything - month, overdue])
    offices = dict(db.session.execute(select(Post.id, Post.office_id).where(
        scope.covers(Post.office_id))).all())
    for post_id, counts in facts.pending_posts.items():
        _add_into(facts.pending, offices[post_id], counts)


def _add_into(mapping, key, values):
    total = mapping.get(key)
    mapping[key] = tuple(values) if total is None else tuple(map(add, total, values))


def share(part, whole):
    return round(part / whole, 4) if whole else None


def median(histogram):
    """The median of values given as {value: how many}; None when empty."""
    count = sum(histogram.values())
    if not count:
        return None
    wanted = sorted({(count - 1) // 2, count // 2})
    found, seen = [], 0
    for value, times in sorted(histogram.items()):
        while wanted and wanted[0] < seen + times:
            found.append(value)
            wanted.pop(0)
        seen += times
    return sum(found) / len(found)


def _sum(vectors, size):
    """Element-wise sum of equally long tuples."""
    return tuple(map(sum, zip(*vectors))) if vectors else (0,) * size


def combine(facts, office_ids=None):
    """The figures for a set of offices (all in the facts when None)."""
    def pick(mapping):
        return list(mapping.values()) if office_ids is None else \
            [mapping[i] for i in office_ids if i in mapping]

    counters = dict(zip(DailyOfficeStat.COUNTERS, _sum(pick(facts.counters),
                                                        len(DailyOfficeStat.COUNTERS))))
    disposals = {}
    for histogram in pick(facts.disposals):
        for days, files in histogram.items():
            disposals[days] = disposals.get(days, 0) + files
    pending = _sum(pick(facts.pending), len(BUCKETS) + 1)
    onboarded = pick(facts.onboarded)
    closed = sum(disposals.values())
    e_files, physical_files = counters["e_files"], counters["physical_files"]
    e_receipts, physical_receipts = counters["e_receipts"], counters["physical_receipts"]
    return {
        "e_files": e_files, "physical_files": physical_files,
        "e_receipts": e_receipts, "physical_receipts": physical_receipts,
        "e_file_share": share(e_files, e_files + physical_files),
        "e_receipt_share": share(e_receipts, e_receipts + physical_receipts),
        "e_share": share(e_files + e_receipts,
                         e_files + physical_files + e_receipts + physical_receipts),
        "movements": counters["movements"],
        "active_users": len(set().union(*pick(facts.actives))),
        "users_onboarded": len(set().union(*onboarded)),
        "offices_onboarded": sum(1 for users in onboarded if users),
        "files_closed": closed,
        "median_disposal_days": median(disposals),
        "avg_levels_per_closed_file": round(sum(pick(facts.levels)) / closed, 2) if closed else None,
        "pending_by_age": dict(zip(BUCKETS, pending)),
        "pending": sum(pending[:len(BUCKETS)]),
        "overdue": pending[len(BUCKETS)],
    }


def onboarded_now(unit):
    """(offices, users) onboarded in a unit's subtree today."""
    facts = Facts()
    _onboarded(facts, Scope(unit=unit), today())
    figures = combine(facts)
    return figures["offices_onboarded"], figures["users_onboarded"]


def targets_for(units):
    """{org unit id: UnitTarget} for the given units."""
    ids = [unit.id for unit in units]
    if not ids:
        return {}
    return {t.org_unit_id: t for t in db.session.scalars(
        select(UnitTarget).where(UnitTarget.org_unit_id.in_(ids)))}


def adoption(unit, start, end, department=None):
    """The adoption figures of an org unit's subtree (or of one office, given an Office)
    from `start` to `end` (office-local dates, inclusive), as plain data for pages and
    the API: e_files, physical_files, e_receipts, physical_receipts, e_file_share,
    e_receipt_share (0-1, None without items), movements (sends), active_users (acted
    in the period), users_onboarded (holding a post at the period's end), files_closed,
    median_disposal_days, avg_levels_per_closed_file, pending_by_age {0-7, 8-15, 16-30,
    30+} and overdue (both as of now), plus e_share, pending, offices_onboarded and
    the unit's offices_target and users_target (None when not set)."""
    scope = Scope(unit=unit, department=department) if isinstance(unit, OrgUnit) \
        else Scope(office=unit)
    figures = combine(gather(scope, start, end))
    target = targets_for([unit]).get(unit.id) if isinstance(unit, OrgUnit) else None
    figures["offices_target"] = target.offices_target if target else None
    figures["users_target"] = target.users_target if target else None
    return figures


def top_pending_posts(facts, limit=TOP_POSTS):
    """The posts holding most open items: (post, pending, overdue), most first."""
    totals = {post_id: sum(counts[:len(BUCKETS)])
              for post_id, counts in facts.pending_posts.items()}
    ranked = sorted((post_id for post_id, total in totals.items() if total),
                    key=lambda post_id: (-totals[post_id], post_id))[:limit]
    posts = {post.id: post for post in db.session.scalars(select(Post).where(Post.id.in_(ranked)))}
    return [(posts[post_id], totals[post_id], facts.pending_posts[post_id][len(BUCKETS)])
            for post_id in ranked]


def weekly(scope, weeks):
    """Per week (monday, sunday): the day counters (files closed among them) and the
    distinct active users."""
    first, last = weeks[0][0], weeks[-1][1]
    stat = DailyOfficeStat
    series = [Counter() for _week in weeks]
    index_of = {monday: index for index, (monday, _sunday) in enumerate(weeks)}
    for day, *sums in db.session.execute(
            select(stat.day, *[func.sum(getattr(stat, name)) for name in stat.COUNTERS])
            .where(stat.day.between(first, last), scope.covers(stat.office_id))
            .group_by(stat.day)):
        series[index_of[week_of(day)]].update(dict(zip(stat.COUNTERS, map(int, sums))))
    for monday, users in db.session.execute(
            select(WeeklyActiveUser.week, func.count(WeeklyActiveUser.user_id.distinct()))
            .where(WeeklyActiveUser.week.between(first, last),
                   scope.covers(WeeklyActiveUser.office_id)).group_by(WeeklyActiveUser.week)):
        series[index_of[monday]]["active_users"] = users
    return [_week_figures(monday, sunday, values)
            for (monday, sunday), values in zip(weeks, series)]


def _week_figures(monday, sunday, values):
    e_files, e_receipts = values["e_files"], values["e_receipts"]
    return {"start": monday, "end": sunday, **{k: values[k] for k in DailyOfficeStat.COUNTERS},
            "e_file_share": share(e_files, e_files + values["physical_files"]),
            "e_receipt_share": share(e_receipts, e_receipts + values["physical_receipts"]),
            "active_users": values["active_users"], "files_closed": values["files_closed"]}
