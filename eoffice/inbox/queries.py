"""Read-side queries for the inbox views: files and receipts in one list.

Both tables carry the same holder columns, so each view is one UNION ALL of two
indexed selects. Cost stays flat however many items a post holds: each branch is
cut to the rows the page needs before the union is sorted (an index on holder and
time serves the default order), and the count stops at COUNT_CAP. Only the page's
rows are then loaded as objects, with the posts they name in one more query.
"""
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from math import ceil

from sqlalchemy import bindparam, case, func, literal, select, union_all
from sqlalchemy.orm import defer, lazyload
from sqlalchemy.orm.attributes import set_committed_value

from .. import policy
from ..clock import today, utc_start_of, utcnow
from ..extensions import db
from ..i18n import gettext as _
from ..models import EFile, Movement, PendingCount, Post, Receipt, User
from ..models.pending import conditions as pending_conditions
from ..models.records import OPEN_STATUSES, PRIORITIES
from ..vocabulary import ACTIVE, CLOSED, HANDOVERS, PARKED
from ..vocabulary import PRIORITIES as PRIORITY_TERMS
from .rows import history_statement, load_history, load_rows

VIEWS = ("inbox", "sent", "created", "parked", "closed")
SORTS = ("received", "priority", "due")
AGE_BUCKETS = (("0-7", 0, 7), ("8-15", 8, 15), ("16-30", 16, 30), ("30+", 31, None))
COUNT_CAP = 1000  # "more than 1,000 items": counting further costs time and tells no one anything
OVERDUE_SHOWN = 10  # the earliest due; the inbox's overdue filter lists them all


@dataclass
class Page:
    items: list
    page: int
    pages: int
    total: int
    capped: bool = False


def _rank(model):
    return case(*[(model.priority == term.code, term.rank) for term in PRIORITY_TERMS
                  if term.rank], else_=0)


# Statements are built once per shape (view, sort, filters in use) with bound parameters:
# building a SQLAlchemy statement costs more than SQLite takes to run it.
POSTS = bindparam("posts", expanding=True)


def _view_filter(model, view):
    if view == "inbox":
        return [model.holder_post_id.in_(POSTS), model.status == ACTIVE]
    if view == "parked":
        return [model.holder_post_id.in_(POSTS), model.status == PARKED]
    if view == "closed":
        return [model.status == CLOSED,
                model.holder_post_id.in_(POSTS) | model.created_by_post_id.in_(POSTS)]
    if view == "created":
        return [model.created_by_post_id.in_(POSTS)]
    if view == "sent":  # sent by me and still with someone else
        return [model.sent_by_post_id.in_(POSTS), model.holder_post_id.not_in(POSTS),
                model.status == ACTIVE]
    raise ValueError(view)


def _filter_values(filters):
    """The filters in use, as bound values; their names make the statement's shape."""
    values = {}
    if filters.get("read") in ("unread", "read"):
        values["read"] = filters["read"]
    if filters.get("form") in ("electronic", "physical"):
        values["electronic"] = filters["form"] == "electronic"
    if filters.get("priority") in PRIORITIES:
        values["priority"] = filters["priority"]
    if filters.get("overdue"):
        values["today"] = today()
    if filters.get("post"):
        values["post"] = filters["post"]
    return values


def _filters(model, used, read):
    conditions = []
    if "read" in used:
        unread = read == "unread"
        conditions.append(model.read_at.is_(None) if unread else model.read_at.is_not(None))
    if "electronic" in used:
        conditions.append(model.is_electronic == bindparam("electronic"))
    if "priority" in used:
        conditions.append(model.priority == bindparam("priority"))
    if "today" in used:
        conditions.append(model.due_on < bindparam("today"))
    if "post" in used:
        conditions.append(model.holder_post_id == bindparam("post"))
    return conditions


def _conditions(model, view, used, read):
    return [*_view_filter(model, view), *_filters(model, used, read)]


def _select(model, kind, view, used, read):
    return select(literal(kind).label("kind"), model.id.label("id"),
                  model.holder_since.label("since"), _rank(model).label("rank"),
                  model.due_on.label("due_on")).where(*_conditions(model, view, used, read))


def _order(columns, sort):
    """A total order (id last), the same for each branch and for the union."""
    return {
        "received": (columns.since.desc(), columns.id.desc()),
        "priority": (columns.rank.desc(), columns.since.desc(), columns.id.desc()),
        "due": (columns.due_on.is_(None), columns.due_on.asc(), columns.since.desc(),
                columns.id.desc()),
    }[sort]


@lru_cache(maxsize=256)
def _list_statements(view, sort, kinds, used, read):
    """(count, page keys): each branch cut to COUNT_CAP + 1 rows for the count, and to
    the rows up to the end of the page (:wanted) before the union is sorted."""
    models = [(kind, model) for kind, model in (("file", EFile), ("receipt", Receipt))
              if kind in kinds]
    parts = [_select(model, kind, view, used, read) for kind, model in models]
    # the count reads ids only, so the holder index answers it without visiting rows
    counted = union_all(*[select(select(model.id).where(*_conditions(model, view, used, read))
                                 .limit(COUNT_CAP + 1).subquery()) for _kind, model in models])
    count = select(func.count()).select_from(counted.subquery())
    branches = []
    for part in parts:
        inner = part.subquery()
        branches.append(select(inner).order_by(*_order(inner.c, sort))
                        .limit(bindparam("wanted")).subquery())
    rows = union_all(*[select(branch) for branch in branches]).subquery()
    keys = (select(rows.c.kind, rows.c.id).order_by(*_order(rows.c, sort))
            .limit(bindparam("per_page")).offset(bindparam("skip")))
    return count, keys


def list_items(user, view="inbox", filters=None, sort="received", page=1, per_page=25,
               kinds=("file", "receipt"), as_rows=False):
    """A page of a view; its items as objects, or (as_rows) as the rows a list page
    shows (eoffice.inbox.rows)."""
    posts = policy.held_post_ids(user)
    if not posts:
        return Page([], 1, 1, 0)
    values = _filter_values(filters or {})
    count, keys = _list_statements(view, sort if sort in SORTS else "received", tuple(kinds),
                                   tuple(sorted(values)), values.get("read"))
    values.pop("read", None)
    values["posts"] = sorted(posts)
    total = min(db.session.scalar(count, values), COUNT_CAP + 1)
    capped = total > COUNT_CAP
    pages = max(1, ceil(min(total, COUNT_CAP) / per_page))
    page = min(max(1, page), pages)
    rows = db.session.execute(keys, dict(values, wanted=page * per_page, per_page=per_page,
                                         skip=(page - 1) * per_page)).all()
    items = load_rows(db.session, rows) if as_rows else load_items(rows)
    return Page(items, page, pages, min(total, COUNT_CAP), capped)


IDS = bindparam("ids", expanding=True)
# lists show no letter text: a receipt's body is read only if a page asks for it
ITEMS_BY_ID = {"file": select(EFile).where(EFile.id.in_(IDS)),
               "receipt": select(Receipt).where(Receipt.id.in_(IDS)).options(defer(Receipt.body))}


@lru_cache(maxsize=None)
def _by_ids(model, options):
    return select(model).where(model.id.in_(IDS)).options(*options)


def attach(objects, model, relations, *options):
    """Load the `model` rows that objects name ({relationship: foreign key column}) in
    one query and set them on the objects, so the page issues no query per row. The
    statement is built once per model and options (pass options made once, too)."""
    ids = {getattr(o, column) for o in objects for column in relations.values()} - {None}
    found = {row.id: row for row in db.session.scalars(_by_ids(model, options),
                                                       {"ids": sorted(ids)})} if ids else {}
    for o in objects:
        for relationship, column in relations.items():
            set_committed_value(o, relationship, found.get(getattr(o, column)))


def load_items(keys):
    """Objects for (kind, id) pairs, in the given order, with the posts they name
    (holder, sender) already in the session: one query per kind, one for the posts."""
    loaded = {}
    for kind, statement in ITEMS_BY_ID.items():
        ids = [item_id for item_kind, item_id in keys if item_kind == kind]
        if ids:
            loaded.update({(kind, item.id): item
                           for item in db.session.scalars(statement, {"ids": ids})})
    attach(loaded.values(), Post, {"holder_post": "holder_post_id",
                                   "sent_by_post": "sent_by_post_id"})
    return [loaded[tuple(key)] for key in keys]


# the lists of the pendency page, for a set of posts (`models.pending.lists_of` says
# the same per post, for the kept totals)
PENDING = {"with_me": lambda m: [m.holder_post_id.in_(POSTS), m.status.in_(OPEN_STATUSES)],
           "with_others": lambda m: [m.sent_by_post_id.in_(POSTS), m.holder_post_id.not_in(POSTS),
                                     m.status == ACTIVE]}


KINDS = (("file", EFile), ("receipt", Receipt))


def _kept_total(name, kind, model, several_posts):
    """A list's total for the posts, from the counts kept per post. Kept per post, the
    items that one of several posts sent to another of them count as away, though they
    are still with the same user: they are taken off (a short range of the sent index)."""
    total = select(func.coalesce(func.sum(PendingCount.items), 0)).where(
        PendingCount.list == name, PendingCount.kind == kind,
        PendingCount.post_id.in_(POSTS)).scalar_subquery()
    if name == "with_others" and several_posts:
        _sender, kept_as_away = pending_conditions(model, name)
        total = total - select(func.count()).where(
            *kept_as_away, model.sent_by_post_id.in_(POSTS), model.holder_post_id.in_(POSTS),
        ).scalar_subquery()
    return total


@lru_cache(maxsize=None)
def _pendency_statements(several_posts):
    """In one statement, for each list and kind: the recent age buckets, each a range of
    the holder (or sent) index, and the total kept in `pending_count` (the oldest bucket
    is the rest, however large the backlog); the earliest-due overdue items of each list
    and kind in another."""
    starts = [bindparam(f"start{n}") for n in range(len(AGE_BUCKETS) - 1)]
    counts, overdue = [], []
    for name, conditions_of in PENDING.items():
        for kind, model in KINDS:
            conditions, since = conditions_of(model), model.holder_since
            recent = ([since >= starts[0]]
                      + [(since >= starts[n]) & (since < starts[n - 1])
                         for n in range(1, len(starts))])
            # a FILTER per bucket would test every pending item of the post once per bucket
            counts += [select(func.count()).where(*conditions, r).scalar_subquery()
                       for r in recent]
            counts.append(_kept_total(name, kind, model, several_posts))
            earliest = (select(literal(name).label("list"), literal(kind).label("kind"),
                               model.id, model.due_on)
                        .where(*conditions, model.due_on < bindparam("today"))
                        .order_by(model.due_on, model.id).limit(OVERDUE_SHOWN).subquery())
            overdue.append(select(earliest))
    return select(*counts), union_all(*overdue)


def pendency(user):
    """Items pending with my posts, and my items pending with others, by age bucket,
    with the earliest-due overdue ones: two statements and one load, whatever the size."""
    posts = policy.held_post_ids(user)
    if not posts:
        return {name: {"buckets": {label: 0 for label, _, _ in AGE_BUCKETS}, "total": 0,
                       "overdue": []} for name in PENDING}
    day = today()
    values = {"posts": sorted(posts), "today": day}
    for number, (_label, _low, high) in enumerate(AGE_BUCKETS[:-1]):
        values[f"start{number}"] = utc_start_of(day - timedelta(days=high))  # office midnight
    count_statement, overdue_statement = _pendency_statements(len(posts) > 1)
    counts = iter(db.session.execute(count_statement, values).one())
    overdue = {name: [] for name in PENDING}
    for name, kind, item_id, due_on in db.session.execute(overdue_statement, values):
        overdue[name].append((due_on, item_id, kind))
    shown = {name: [(kind, item_id) for _due, item_id, kind in sorted(rows)[:OVERDUE_SHOWN]]
             for name, rows in overdue.items()}
    keys = [key for name in PENDING for key in shown[name]]
    items = dict(zip(keys, load_rows(db.session, keys)))
    result = {}
    for name in PENDING:
        per_kind = []
        for _kind in KINDS:
            recent = [next(counts) for _ in AGE_BUCKETS[:-1]]
            per_kind.append(recent + [next(counts) - sum(recent)])
        bucket_counts = [sum(column) for column in zip(*per_kind)]
        result[name] = {"buckets": dict(zip((label for label, _, _ in AGE_BUCKETS),
                                            bucket_counts)),
                        "total": sum(bucket_counts),
                        "overdue": [items[key] for key in shown[name]]}
    return result


NO_ROLES, NO_LETTER_TEXT = (lazyload(User.role_rows),), (defer(Receipt.body),)
ITEM = bindparam("item")
MOVEMENT_IDS = {
    # two indexed selects: for "file OR its receipts" PostgreSQL reads the whole log
    "file": union_all(
        select(Movement.id).where(Movement.efile_id == ITEM),
        select(Movement.id).where(Movement.receipt_id.in_(
            select(Receipt.id).where(Receipt.efile_id == ITEM)))),
    "receipt": select(Movement.id).where(Movement.receipt_id == ITEM),
}
HISTORY = {kind: select(Movement).where(Movement.id.in_(ids))
           for kind, ids in MOVEMENT_IDS.items()}
# built once: building a statement costs more than SQLite takes to run it
HISTORY_ROWS = {kind: history_statement(ids) for kind, ids in MOVEMENT_IDS.items()}


def _in_order(movements):
    # an item's few movements are put in order here: an ORDER BY lets PostgreSQL walk the
    # whole log in time order instead, testing each movement against the item's ids
    return sorted(movements, key=lambda movement: (movement.at, movement.id))


def history(item):
    """Movements of an item, oldest first, each with the time the item then spent at
    the post it reached (until the next hand-over, or until now). A file's history
    includes the earlier trail of the receipts put into it. Objects, with their posts'
    offices to hand (the API names them); pages read `history_rows`."""
    movements = _in_order(db.session.scalars(HISTORY[item.kind], {"item": item.id}))
    attach(movements, Post, {"from_post": "from_post_id", "to_post": "to_post_id",
                             "by_post": "by_post_id"})
    attach(movements, User, {"by_user": "by_user_id"}, *NO_ROLES)
    attach(movements, Receipt, {"receipt": "receipt_id"}, *NO_LETTER_TEXT)
    return movements, stays_of(movements)


def history_rows(item):
    """`history` as the history table shows it: plain rows (rows.MovementRow) with the
    user's name, the receipt's number and the posts' labels joined, in one query."""
    movements = _in_order(load_history(db.session, HISTORY_ROWS[item.kind],
                                       {"item": item.id}))
    return movements, stays_of(movements)


def stays_of(movements):
    """{movement id: time the item spent at the post that hand-over reached}."""
    stays = {}
    for key in {(m.efile_id, m.receipt_id) for m in movements}:
        handovers = [m for m in movements if (m.efile_id, m.receipt_id) == key
                     and m.action in HANDOVERS]
        for current, following in zip(handovers, handovers[1:] + [None]):
            stays[current.id] = (following.at if following else utcnow()) - current.at
    return stays


def format_stay(delta):
    if delta is None:
        return ""
    days, hours = delta.days, delta.seconds // 3600
    minutes = (delta.seconds % 3600) // 60
    if days:
        return _("%(days)d d %(hours)d h", days=days, hours=hours)
    if hours:
        return _("%(hours)d h %(minutes)d min", hours=hours, minutes=minutes)
    return _("%(minutes)d min", minutes=minutes)


def _last_sends_statement():
    movement, users = Movement.__table__, User.__table__
    latest = [select(func.max(movement.c.id)).where(
        column.in_(bindparam(kind, expanding=True)), movement.c.action == "send")
        .group_by(column) for kind, column in (("files", movement.c.efile_id),
                                               ("receipts", movement.c.receipt_id))]
    return (select(movement.c.efile_id, movement.c.receipt_id, movement.c.remarks,
                   movement.c.remark_key, movement.c.remark_args, users.c.name.label("by_name"))
            .join(users, users.c.id == movement.c.by_user_id)
            .where(movement.c.id.in_(union_all(*latest))))


LAST_SENDS = _last_sends_statement()


def last_sends(items):
    """The latest send of each listed item with its sender's name: {(kind, id): row of
    remarks, remark_key, remark_args, by_name}, one query for the page, so a row shows
    who sent it and with what remark."""
    if not items:
        return {}
    values = {"files": [i.id for i in items if i.kind == "file"],
              "receipts": [i.id for i in items if i.kind == "receipt"]}
    return {("file", m.efile_id) if m.efile_id else ("receipt", m.receipt_id): m
            for m in db.session.execute(LAST_SENDS, values)}
