"""Pending counts per post, kept with every change of an item (the pendency page's
totals; what each list counts is `models.pending.lists_of`, and `conditions` in SQL).

`pendency()` reads a post's totals here and counts only the recent age buckets from
the holder index, so its cost follows the last month's work, not the backlog.

The counts change in the same flush as the items (a savepoint rolled back takes its
counts with it). On PostgreSQL the audit chain lock is taken first: every movement
takes it anyway, and with it held no two transactions wait for each other's counter
rows. `rebuild()` recounts from the items; `differences()` says where they disagree.
"""
from collections import Counter
from itertools import chain

from sqlalchemy import delete, event, func, inspect, literal, select

from .. import audit
from ..batches import id_ranges, within
from ..dashboards.rollups import write_counter
from ..extensions import db
from ..models import EFile, PendingCount, Post, Receipt
from ..models.pending import LISTS, conditions, lists_of

MODELS = (EFile, Receipt)
COUNTED = ("holder_post_id", "sent_by_post_id", "status")


def _state(obj, before):
    """The counted columns of an item before or after this flush."""
    attrs = inspect(obj).attrs
    values = []
    for name in COUNTED:
        history = attrs[name].history
        if before:
            old = history.deleted or history.unchanged
            values.append(old[0] if old else None)
        else:
            new = history.added or history.unchanged
            values.append(new[0] if new else None)
    return values


def _changes(session):
    delta = Counter()
    for obj in chain(session.new, session.dirty):  # a new item has no values before
        if isinstance(obj, MODELS):
            delta.update(lists_of(obj.kind, *_state(obj, before=False)))
            delta.subtract(lists_of(obj.kind, *_state(obj, before=True)))
    for obj in session.deleted:
        if isinstance(obj, MODELS):
            delta.subtract(lists_of(obj.kind, *_state(obj, before=True)))
    return {key: change for key, change in delta.items() if change}


def after_flush(session, _context):
    changes = _changes(session)
    if not changes:
        return
    audit.lock_chain()
    write_counter(PendingCount, [{"list": name, "post_id": post_id, "kind": kind, "items": change}
                                 for (name, post_id, kind), change in sorted(changes.items())],
                  key=("list", "post_id", "kind"), adding=("items",))


def _needs_old_value(*_args):
    """Listening with active_history makes SQLAlchemy load the value being replaced."""


def register(app):
    # the old values must be at hand when an item changes, even if it was expired
    for model in MODELS:
        for name in COUNTED:
            attribute = getattr(model, name)
            if not event.contains(attribute, "set", _needs_old_value):
                event.listen(attribute, "set", _needs_old_value, active_history=True)
    if not event.contains(db.session, "after_flush", after_flush):
        event.listen(db.session, "after_flush", after_flush)


BATCH = 2000


def _counted_per_post(low=None, high=None):
    """(list, kind, SELECT post, items) for each list and kind, counted from the items
    (for the posts low..high when given; no high: from low on)."""
    for model in MODELS:
        for name in LISTS:
            post, where = conditions(model, name)
            if low is not None:
                where = [*where, within(post, low, high)]
            yield name, model.kind, select(post, func.count()).where(*where).group_by(post)


def rebuild(echo=None):
    """Replace the counts with a recount from the items (an audited act), a range of
    posts per commit so that writers get their turn in between. Each batch takes the
    audit chain lock, which every change of the counts takes first: an item changed but
    not yet committed is counted as it was, and its change adds to the recount once the
    batch commits. Commits; returns the number of rows written."""
    audit.record("stats.rebuild", detail="pending counts recounted from the items")
    ranges = id_ranges(Post.id, BATCH)
    db.session.commit()
    for done, (low, high) in enumerate(ranges, 1):
        audit.lock_chain()
        db.session.execute(delete(PendingCount).where(within(PendingCount.post_id, low, high)))
        for name, kind, counted in _counted_per_post(low, high):
            post_id, items = counted.subquery().c
            db.session.execute(PendingCount.__table__.insert().from_select(
                ["list", "post_id", "kind", "items"],
                select(literal(name), post_id, literal(kind), items)))
        db.session.commit()
        if echo:
            echo(f"pending_count: posts {done}/{len(ranges)} batches")
    return db.session.scalar(select(func.count()).select_from(PendingCount))


def differences(limit=50):
    """Where the kept counts disagree with a recount (empty when they agree)."""
    counted = {(name, post_id, kind): items for name, kind, statement in _counted_per_post()
               for post_id, items in db.session.execute(statement)}
    kept = {(row.list, row.post_id, row.kind): row.items
            for row in db.session.scalars(select(PendingCount)) if row.items}
    return [f"pending_count {key}: kept {kept.get(key, 0)}, counted {counted.get(key, 0)}"
            for key in sorted(set(counted) | set(kept), key=str)
            if kept.get(key, 0) != counted.get(key, 0)][:limit]
