"""Keep the index in step with the data, in the same transaction as the change.

After each flush the session notes which searchable items changed (a searchable
column, a new or deleted item, an office moved in the org tree), and each movement
recorded (signals.movement_recorded, which `on_movement` answers) whether it brings a
post onto an item's trail;
just before the commit their documents are rebuilt and written, with those of the
items inside them (a file's receipts and notes carry the file's keys). A rollback
forgets the notes. Code that writes around the ORM (bulk inserts) runs
`flask --app app eoffice reindex` after.
"""
from itertools import chain

from sqlalchemy import event, func, inspect, select

from ..extensions import db
from ..models import Office, OrgUnit
from .documents import (
    REGISTRY,
    Fresh,
    build_documents,
    children_of,
    passage_kinds_from,
    passage_source_item,
    searchable_for,
)
from .index import get_index
from .keys import KNOWN_PATHS, trail_posts

PENDING = "search_pending"
# [movements recorded in this transaction] on items it did not make, opening aside: at
# the commit, those that bring a new post onto their item's trail rebuild its document
MOVED = "search_moved"
# {(kind, id): Fresh} of the searchable items this transaction made, and the objects
# pending a rebuild, held so that the session does not let them go (and select them
# again) before the commit
FRESH = "search_fresh"
HELD = "search_held"


def _changed(obj, entry):
    state = inspect(obj)
    return any(attr.history.has_changes() for attr in state.attrs
               if attr.key not in entry.ignore and attr.key in state.mapper.column_attrs)


def _moved_in_org_tree(obj):
    """An office under another unit, or a unit with a new path: oversight keys change."""
    if isinstance(obj, Office):
        return inspect(obj).attrs.org_unit_id.history.has_changes()
    return isinstance(obj, OrgUnit) and inspect(obj).attrs.path.history.has_changes()


def after_flush(session, _context):
    pending = session.info.setdefault(PENDING, set())
    _note_fresh(session)
    held = session.info.setdefault(HELD, {})
    for obj in chain(session.new, session.dirty, session.deleted):
        if obj in session.dirty and isinstance(obj, (Office, OrgUnit)):
            if _moved_in_org_tree(obj):
                pending.add(("office" if isinstance(obj, Office) else "unit", obj.id))
                session.info.pop(KNOWN_PATHS, None)
            continue
        entry = searchable_for(obj)
        if entry is None or obj.id is None:
            continue
        if obj in session.new and entry.when and not entry.when(obj):
            continue  # new and not to be indexed (a draft note): nothing to add or remove
        if obj in session.dirty and not _changed(obj, entry):
            continue
        pending.add((entry.kind, obj.id))
        held[entry.kind, obj.id] = obj


def on_movement(item, movement, **_facts):
    """A movement was recorded (signals.movement_recorded): on an item this transaction
    made, its posts join the item's trail (all of it, since every movement goes through
    movement.services.record); on another, it is looked at before the commit."""
    session = db.session()
    posts = {movement.from_post_id, movement.to_post_id, movement.by_post_id} - {None}
    fresh = session.info.get(FRESH, {})
    if (item.kind, item.id) in fresh:
        fresh[item.kind, item.id].trail |= posts
    elif movement.action != "open":  # opening adds no one
        session.info.setdefault(MOVED, []).append(movement)


def _note_fresh(session):
    """The searchable items new in this flush, and the rows their passages come from."""
    fresh = session.info.setdefault(FRESH, {})
    for obj in session.new:
        entry = searchable_for(obj)
        if entry is not None and obj.id is not None:
            fresh[entry.kind, obj.id] = Fresh()
    for obj in session.new:
        for kind in passage_kinds_from(obj):
            item = (kind, passage_source_item(kind, obj))
            if item in fresh:
                fresh[item].sourced = True


def _items_reaching_new_posts(movements, pending=()):
    """The items that these movements put a post on the trail of for the first time.
    Only then do the keys of their documents change: a file going back and forth
    between posts already on its trail, as most do, keeps its documents as they are.
    Items already `pending` (new or changed in this transaction) are rebuilt anyway."""
    reached = {}
    for movement in movements:
        item = ("file", movement.efile_id) if movement.efile_id else ("receipt", movement.receipt_id)
        if item in pending:
            continue
        reached.setdefault(item, set()).update(
            {movement.from_post_id, movement.to_post_id, movement.by_post_id} - {None})
    new_ids = [movement.id for movement in movements]
    items = set()
    for kind in {kind for kind, _id in reached}:
        ids = sorted(item_id for other, item_id in reached if other == kind)
        trails = trail_posts(REGISTRY[kind].model, ids, leaving_out=new_ids)
        items |= {(kind, item_id) for item_id in ids if reached[kind, item_id] - trails[item_id]}
    return items


def before_commit(session):
    session.flush()  # changes still unflushed are noted now, not after the index is written
    flush_pending(session)


def forget(session, *_args):
    for key in (PENDING, FRESH, HELD, MOVED, KNOWN_PATHS):
        session.info.pop(key, None)


def flush_pending(session=None):
    """Write the documents of the items changed in this transaction."""
    session = session or db.session
    pending = session.info.pop(PENDING, set())
    pending |= _items_reaching_new_posts(session.info.pop(MOVED, []), pending)
    fresh = session.info.pop(FRESH, {})
    if pending:
        reindex(pending, session, fresh)
    session.info.pop(HELD, None)


def reindex(pairs, session=None, fresh=None):
    """Rebuild the documents of (kind, item id) pairs and of the items inside them.
    `fresh`: {(kind, id): Fresh} of the items this transaction made (see _note_fresh)."""
    session = session or db.session
    by_kind = {}
    for kind, item_id in pairs:
        if kind in REGISTRY and item_id is not None:
            by_kind.setdefault(kind, set()).add(item_id)
    _add_items_of_offices(by_kind, pairs)
    _add_children(by_kind)
    index = get_index(session)
    cache = {}
    for kind, ids in by_kind.items():
        made = {item_id: known for (other, item_id), known in (fresh or {}).items()
                if other == kind}
        documents = build_documents(kind, sorted(ids), cache, made)
        index.delete(kind, [item_id for item_id, doc in documents.items() if doc is None])
        index.upsert([doc for doc in documents.values() if doc is not None], new=set(made))


def _add_items_of_offices(by_kind, pairs):
    units = [item_id for kind, item_id in pairs if kind == "unit"]
    offices = {item_id for kind, item_id in pairs if kind == "office"}
    if units:
        offices.update(db.session.scalars(select(Office.id).where(Office.org_unit_id.in_(units))))
    if not offices:
        return
    for entry in REGISTRY.values():
        if entry.movable:
            found = db.session.scalars(select(entry.model.id).where(
                entry.model.office_id.in_(sorted(offices)))).all()
            by_kind.setdefault(entry.kind, set()).update(found)


def _add_children(by_kind):
    for kind in list(by_kind):
        for child in children_of(kind):
            column = child.parent[1]
            found = db.session.scalars(select(child.model.id).where(
                column.in_(sorted(by_kind[kind])))).all()
            if found:
                by_kind.setdefault(child.kind, set()).update(found)


def rebuild(batch=2000, echo=None):
    """Empty the index and index every searchable item again, a batch per commit."""
    session = db.session
    get_index(session).clear()
    session.commit()
    for kind, entry in REGISTRY.items():
        total = session.scalar(select(func.count()).select_from(entry.model))
        done, last = 0, 0
        while True:
            ids = session.scalars(select(entry.model.id).where(entry.model.id > last)
                                  .order_by(entry.model.id).limit(batch)).all()
            if not ids:
                break
            documents = build_documents(kind, ids)
            get_index(session).upsert([doc for doc in documents.values() if doc is not None])
            session.commit()
            done, last = done + len(ids), ids[-1]
            if echo:
                echo(f"{kind}: {done}/{total}")


def register(app):
    session = db.session
    if not event.contains(session, "after_flush", after_flush):
        event.listen(session, "after_flush", after_flush)
        event.listen(session, "before_commit", before_commit)
        event.listen(session, "after_rollback", forget)
        event.listen(session, "after_commit", forget)

