"""Read-side queries for the inbox views: files and receipts in one list.

Both tables carry the same holder columns, so each view is one UNION ALL of two
indexed selects, sorted and cut to a page in the database; only that page's rows
are then loaded as objects.
"""
from dataclasses import dataclass
from math import ceil

from flask_babel import gettext as _

from sqlalchemy import case, func, literal, select, union_all
from sqlalchemy.orm import selectinload

from .. import policy
from ..clock import today, utcnow
from ..extensions import db
from ..models import EFile, Movement, Receipt

VIEWS = ("inbox", "sent", "created", "parked", "closed")
SORTS = ("received", "priority", "due")
AGE_BUCKETS = (("0-7", 0, 7), ("8-15", 8, 15), ("16-30", 16, 30), ("30+", 31, None))


@dataclass
class Page:
    items: list
    page: int
    pages: int
    total: int


def _rank(model):
    return case((model.priority == "most_immediate", 2), (model.priority == "immediate", 1),
                else_=0)


def _view_filter(model, view, posts):
    if view == "inbox":
        return [model.holder_post_id.in_(posts), model.status == "active"]
    if view == "parked":
        return [model.holder_post_id.in_(posts), model.status == "parked"]
    if view == "closed":
        return [model.status == "closed",
                model.holder_post_id.in_(posts) | model.created_by_post_id.in_(posts)]
    if view == "created":
        return [model.created_by_post_id.in_(posts)]
    if view == "sent":  # sent by me and still with someone else
        return [model.sent_by_post_id.in_(posts), model.holder_post_id.not_in(posts),
                model.status == "active"]
    raise ValueError(view)


def _filters(model, filters):
    conditions = []
    if filters.get("read") == "unread":
        conditions.append(model.read_at.is_(None))
    elif filters.get("read") == "read":
        conditions.append(model.read_at.is_not(None))
    if filters.get("form") in ("electronic", "physical"):
        conditions.append(model.is_electronic.is_(filters["form"] == "electronic"))
    if filters.get("priority"):
        conditions.append(model.priority == filters["priority"])
    if filters.get("overdue"):
        conditions.append(model.due_on < today())
    if filters.get("post"):
        conditions.append(model.holder_post_id == filters["post"])
    return conditions


def _select(model, kind, view, posts, filters):
    return select(literal(kind).label("kind"), model.id.label("id"),
                  model.holder_since.label("since"), _rank(model).label("rank"),
                  model.due_on.label("due_on")).where(
        *_view_filter(model, view, posts), *_filters(model, filters))


def list_items(user, view="inbox", filters=None, sort="received", page=1, per_page=25,
               kinds=("file", "receipt")):
    posts = policy.held_post_ids(user)
    filters = filters or {}
    if not posts:
        return Page([], 1, 1, 0)
    parts = []
    if "file" in kinds:
        parts.append(_select(EFile, "file", view, posts, filters))
    if "receipt" in kinds:
        parts.append(_select(Receipt, "receipt", view, posts, filters))
    rows = union_all(*parts).subquery()
    total = db.session.scalar(select(func.count()).select_from(rows))
    order = {
        "received": (rows.c.since.desc(), rows.c.id.desc()),
        "priority": (rows.c.rank.desc(), rows.c.since.desc(), rows.c.id.desc()),
        "due": (rows.c.due_on.is_(None), rows.c.due_on.asc(), rows.c.since.desc()),
    }[sort if sort in SORTS else "received"]
    pages = max(1, ceil(total / per_page))
    page = min(max(1, page), pages)
    keys = db.session.execute(select(rows.c.kind, rows.c.id).order_by(*order)
                              .limit(per_page).offset((page - 1) * per_page)).all()
    return Page(_load(keys), page, pages, total)


def _load(keys):
    """Objects for (kind, id) pairs, in the given order, with what the list shows."""
    wanted = {"file": [i for k, i in keys if k == "file"],
              "receipt": [i for k, i in keys if k == "receipt"]}
    loaded = {}
    for kind, model in (("file", EFile), ("receipt", Receipt)):
        if wanted[kind]:
            query = select(model).where(model.id.in_(wanted[kind])).options(
                selectinload(model.holder_post), selectinload(model.sent_by_post))
            loaded.update({(kind, item.id): item for item in db.session.scalars(query)})
    return [loaded[key] for key in map(tuple, keys)]


def age_bucket(days):
    for label, low, high in AGE_BUCKETS:
        if days >= low and (high is None or days <= high):
            return label
    return AGE_BUCKETS[0][0]


def pendency(user):
    """Items pending with my posts, and my items pending with others, by age bucket."""
    posts = policy.held_post_ids(user)
    result = {}
    for name, condition in (("with_me", lambda m: [m.holder_post_id.in_(posts),
                                                   m.status.in_(("active", "parked"))]),
                            ("with_others", lambda m: [m.sent_by_post_id.in_(posts),
                                                       m.holder_post_id.not_in(posts),
                                                       m.status == "active"])):
        buckets = {label: 0 for label, _, _ in AGE_BUCKETS}
        overdue = []
        for model in (EFile, Receipt):
            if not posts:
                break
            for since, due_on, item_id in db.session.execute(
                    select(model.holder_since, model.due_on, model.id).where(*condition(model))):
                buckets[age_bucket((today() - since.date()).days)] += 1
                if due_on is not None and due_on < today():
                    overdue.append((model, item_id))
        result[name] = {"buckets": buckets, "total": sum(buckets.values()),
                        "overdue": _overdue_items(overdue)}
    return result


def _overdue_items(keys, limit=25):
    items = []
    for model in (EFile, Receipt):
        ids = [i for m, i in keys if m is model]
        if ids:
            items += db.session.scalars(select(model).where(model.id.in_(ids[:limit]))
                                        .options(selectinload(model.holder_post))).all()
    return sorted(items, key=lambda item: item.due_on)[:limit]


def history(item):
    """Movements of an item, oldest first, each with the time the item then spent at
    the post it reached (until the next hand-over, or until now). A file's history
    includes the earlier trail of the receipts put into it."""
    if item.kind == "file":
        receipt_ids = select(Receipt.id).where(Receipt.efile_id == item.id)
        condition = (Movement.efile_id == item.id) | Movement.receipt_id.in_(receipt_ids)
    else:
        condition = Movement.receipt_id == item.id
    movements = db.session.scalars(
        select(Movement).where(condition).order_by(Movement.at, Movement.id).options(
            selectinload(Movement.from_post), selectinload(Movement.to_post),
            selectinload(Movement.by_post), selectinload(Movement.by_user))).all()
    stays = {}
    for key in {(m.efile_id, m.receipt_id) for m in movements}:
        handovers = [m for m in movements if (m.efile_id, m.receipt_id) == key
                     and m.action in HANDOVERS]
        for current, following in zip(handovers, handovers[1:] + [None]):
            stays[current.id] = (following.at if following else utcnow()) - current.at
    return movements, stays


HANDOVERS = ("create", "send", "pull_back", "copy", "reopen")


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
