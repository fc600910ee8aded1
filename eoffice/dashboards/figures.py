"""Adoption figures for an org unit (or one office) and a period.

Each source is read once per period, grouped by office, and the office figures are
then added up in Python for the unit, each ranking row and each department. So a UT
dashboard is about a dozen indexed queries whose results are a few thousand rows at
most, however many files and movements there are:

- day counters and active users from the rollups (`rollups.py`), a range on day;
- disposal from `file_disposal` grouped by (office, days to close): a histogram, from
  which medians come exactly without fetching one row per file;
- users onboarded from current post holdings; pendency from the holder columns of
  files and receipts (their `(holder_post_id, status, holder_since)` indexes), bucketed
  by age in SQL. Pendency is the state now, whatever the period.
"""
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import and_, case, func, literal, or_, select, union_all

from ..extensions import db
from ..inbox.queries import AGE_BUCKETS
from ..models import (DailyActiveUser, DailyOfficeStat, EFile, FileDisposal, OrgUnit, Post,
                      PostHolding, Receipt, UnitTarget, User)
from .periods import local_today, utc_start_of
from .scope import Scope

OPEN_STATUSES = ("active", "parked")
BUCKETS = tuple(label for label, _low, _high in AGE_BUCKETS)


@dataclass
class Facts:
    """What each office did in a period (and holds now), keyed by office id."""
    counters: dict = field(default_factory=dict)  # office -> Counter of day counters
    actives: dict = field(default_factory=dict)  # office -> set of user ids
    disposals: dict = field(default_factory=dict)  # office -> Counter {days: files}
    levels: Counter = field(default_factory=Counter)  # office -> sum of levels
    onboarded: dict = field(default_factory=dict)  # office -> set of user ids
    pending: dict = field(default_factory=dict)  # office -> Counter of buckets, overdue


def gather(scope, start, end, with_pending=True):
    facts = Facts()
    _day_counters(facts, scope, start, end)
    _active_users(facts, scope, start, end)
    _disposals(facts, scope, start, end)
    _onboarded(facts, scope, min(end, local_today()))
    if with_pending:
        _pending(facts, scope, local_today())
    return facts


def _day_counters(facts, scope, start, end):
    stat = DailyOfficeStat
    for office_id, *sums in db.session.execute(
            select(stat.office_id, *[func.sum(getattr(stat, name)) for name in stat.COUNTERS])
            .where(stat.day.between(start, end), scope.covers(stat.office_id))
            .group_by(stat.office_id)):
        facts.counters[office_id] = Counter(dict(zip(stat.COUNTERS, map(int, sums))))


def _active_users(facts, scope, start, end):
    for office_id, user_id in db.session.execute(
            select(DailyActiveUser.office_id, DailyActiveUser.user_id).distinct()
            .where(DailyActiveUser.day.between(start, end),
                   scope.covers(DailyActiveUser.office_id))):
        facts.actives.setdefault(office_id, set()).add(user_id)


def _disposals(facts, scope, start, end):
    for office_id, days, files, levels in db.session.execute(
            select(FileDisposal.office_id, FileDisposal.disposal_days, func.count(),
                   func.sum(FileDisposal.levels))
            .where(FileDisposal.day.between(start, end), scope.covers(FileDisposal.office_id))
            .group_by(FileDisposal.office_id, FileDisposal.disposal_days)):
        facts.disposals.setdefault(office_id, Counter())[days] += files
        facts.levels[office_id] += int(levels)


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


def _age_columns(model, today):
    """Open items by age in days (today minus the local day they reached their holder)."""
    since = model.holder_since
    # an item is at most N days old when it arrived on or after local day today - N
    edges = [utc_start_of(today - timedelta(days=high)) for _label, _low, high in
             AGE_BUCKETS[:-1]]
    newer = [since >= edges[0], and_(since < edges[0], since >= edges[1]),
             and_(since < edges[1], since >= edges[2]), since < edges[2]]
    return [func.sum(case((condition, 1), else_=0)) for condition in newer]


def _open_items(model, scope, today):
    return (select(Post.office_id.label("office_id"), *_age_columns(model, today),
                   func.sum(case((model.due_on < today, 1), else_=0)))
            .join(Post, Post.id == model.holder_post_id)
            .where(model.status.in_(OPEN_STATUSES), scope.covers(Post.office_id))
            .group_by(Post.office_id))


def _pending(facts, scope, today):
    for model in (EFile, Receipt):
        for office_id, *counts in db.session.execute(_open_items(model, scope, today)):
            totals = facts.pending.setdefault(office_id, Counter())
            totals.update(dict(zip(BUCKETS + ("overdue",), map(int, counts))))


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


def combine(facts, office_ids=None):
    """The figures for a set of offices (all in the facts when None)."""
    def pick(mapping):
        return mapping.values() if office_ids is None else \
            [mapping[i] for i in office_ids if i in mapping]

    counters = sum(pick(facts.counters), Counter())
    disposals = sum(pick(facts.disposals), Counter())
    pending = sum(pick(facts.pending), Counter())
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
        "pending_by_age": {label: pending[label] for label in BUCKETS},
        "pending": sum(pending[label] for label in BUCKETS),
        "overdue": pending["overdue"],
    }


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


def top_pending_posts(scope, limit=10):
    """The posts holding most open items in the scope: (post, pending, overdue)."""
    today = local_today()
    parts = [select(model.holder_post_id.label("post_id"),
                    case((model.due_on < today, 1), else_=0).label("late"))
             .join(Post, Post.id == model.holder_post_id)
             .where(model.status.in_(OPEN_STATUSES), scope.covers(Post.office_id))
             for model in (EFile, Receipt)]
    items = union_all(*parts).subquery()
    rows = db.session.execute(
        select(items.c.post_id, func.count(), func.sum(items.c.late)).group_by(items.c.post_id)
        .order_by(func.count().desc(), items.c.post_id).limit(limit)).all()
    posts = {post.id: post for post in db.session.scalars(
        select(Post).where(Post.id.in_([row[0] for row in rows])))}
    return [(posts[post_id], count, int(late)) for post_id, count, late in rows]


def weekly(scope, weeks):
    """Per week (monday, sunday): the day counters, active users and files closed."""
    first, last = weeks[0][0], weeks[-1][1]

    def week_of(column):
        return case(*[(column >= monday, literal(index)) for index, (monday, _sunday)
                      in reversed(list(enumerate(weeks)))], else_=literal(0))

    series = [Counter() for _week in weeks]
    stat = DailyOfficeStat
    week = week_of(stat.day).label("week")
    for index, *sums in db.session.execute(
            select(week, *[func.sum(getattr(stat, name)) for name in stat.COUNTERS])
            .where(stat.day.between(first, last), scope.covers(stat.office_id)).group_by(week)):
        series[index].update(dict(zip(stat.COUNTERS, map(int, sums))))
    for model, name, measure in ((DailyActiveUser, "active_users",
                                  func.count(DailyActiveUser.user_id.distinct())),
                                 (FileDisposal, "files_closed", func.count())):
        week = week_of(model.day).label("week")
        for index, value in db.session.execute(
                select(week, measure).where(model.day.between(first, last),
                                            scope.covers(model.office_id)).group_by(week)):
            series[index][name] = value
    return [_week_figures(monday, sunday, values)
            for (monday, sunday), values in zip(weeks, series)]


def _week_figures(monday, sunday, values):
    e_files, e_receipts = values["e_files"], values["e_receipts"]
    return {"start": monday, "end": sunday, **{k: values[k] for k in DailyOfficeStat.COUNTERS},
            "e_file_share": share(e_files, e_files + values["physical_files"]),
            "e_receipt_share": share(e_receipts, e_receipts + values["physical_receipts"]),
            "active_users": values["active_users"], "files_closed": values["files_closed"]}
