"""Files and receipts against their movement log, and the log against the audit chain.

Every movement comes from `movement.services.record()`, which appends the movement and
its audit event in the same transaction, and the holder and status columns of the item
are a cache of that log. So for every item:
- its movements and its movement-type audit events pair up one to one, in order, with
  the same action, user, post, destination (or remarks) and time;
- its holder and status are those its movements leave it with, each action's effect
  read from vocabulary.ACTIONS; an action that table does not know is a problem.
"""
from datetime import timedelta
from itertools import groupby, zip_longest
from operator import itemgetter

from sqlalchemy import select

from ..extensions import db
from ..models import AuditEvent, EFile, Movement, Receipt
from ..vocabulary import ACTIONS

AUDIT_TIME_TOLERANCE = timedelta(minutes=5)
PAIRED = ("action", "user", "post", "destination or remarks", "time")
STREAM = {"yield_per": 2000}

ITEMS = {"file": (EFile, EFile.file_no, Movement.efile_id),
         "receipt": (Receipt, Receipt.diary_no, Movement.receipt_id)}


def implied_state(kind, movements):
    """(holder post id, status) that a sequence of known movements leaves an item in."""
    holder, status = None, None
    for movement in movements:
        action = ACTIONS[movement.action]
        if action.holder is not None:
            holder = getattr(movement, f"{action.holder}_id")
        status = action.status.get(kind, status)
    return holder, status


def zip_groups(*streams):
    """Merge streams of rows sorted by their first column: (key, [rows of each stream])."""
    iterators = [groupby(stream, key=itemgetter(0)) for stream in streams]
    heads = [next(iterator, None) for iterator in iterators]
    while any(head is not None for head in heads):
        key = min(head[0] for head in heads if head is not None)
        groups = []
        for index, head in enumerate(heads):
            if head is not None and head[0] == key:
                groups.append(list(head[1]))
                heads[index] = next(iterators[index], None)
            else:
                groups.append([])
        yield key, groups


def _streams(kind):
    model, number, column = ITEMS[kind]
    # Core rows on the session's connection: no ORM result processing per row
    connection = db.session.connection()
    items = connection.execute(
        select(model.id, number, model.holder_post_id, model.status).order_by(model.id)
        .execution_options(**STREAM))
    movements = connection.execute(
        select(column.label("item_id"), Movement.id, Movement.action, Movement.to_post_id,
               Movement.by_post_id, Movement.by_user_id, Movement.remarks, Movement.at)
        .where(column.is_not(None)).order_by(column, Movement.id).execution_options(**STREAM))
    audits = connection.execute(
        select(AuditEvent.object_id, AuditEvent.id, AuditEvent.action, AuditEvent.user_id,
               AuditEvent.post_id, AuditEvent.detail, AuditEvent.at)
        .where(AuditEvent.object_type == model.__name__,
               AuditEvent.action.in_([f"{kind}.{action}" for action in ACTIONS.codes]))
        .order_by(AuditEvent.object_id, AuditEvent.id).execution_options(**STREAM))
    return items, movements, audits


def check_items(kind):
    """Every problem with the files (or receipts), their movements and audit events."""
    problems = []
    for item_id, (items, movements, audits) in zip_groups(*_streams(kind)):
        label = f"{kind} {items[0].file_no if kind == 'file' else items[0].diary_no} " \
                f"(id {item_id})" if items else f"{kind} id {item_id}"
        if not items:
            problems.append(f"{label}: has movements or audit events but is missing")
            continue
        problems.extend(_check_item(kind, label, items[0], movements, audits))
    return problems


def _check_item(kind, label, item, movements, audits):
    problems = []
    if not movements:
        return [f"{label}: no movement recorded, not even its creation"]
    if movements[0].action not in ("create", "copy"):
        problems.append(f"{label}: first movement {movements[0].id} is "
                        f"'{movements[0].action}', not its creation")
    if len(movements) != len(audits):
        problems.append(f"{label}: {len(movements)} movements but {len(audits)} audit events "
                        f"of movements (a row was removed or added outside the portal)")
    for movement, event in zip_longest(movements, audits):
        mismatch = _pair_mismatch(kind, movement, event)
        if mismatch:
            problems.append(f"{label}: {mismatch}")
            break
    unknown = [movement for movement in movements if movement.action not in ACTIONS]
    if unknown:
        return problems + [f"{label}: movement {unknown[0].id} has the action "
                           f"'{unknown[0].action}', which the portal does not know"]
    holder, status = implied_state(kind, movements)
    if item.holder_post_id != holder:
        problems.append(f"{label}: holder is post {item.holder_post_id} but the movement log "
                        f"puts it with post {holder}")
    if item.status != status:
        problems.append(f"{label}: status is '{item.status}' but the movement log says "
                        f"'{status}'")
    return problems


def _pair_mismatch(kind, movement, event):
    if event is None:
        return f"movement {movement.id} ({movement.action}) has no audit event"
    if movement is None:
        return f"audit event {event.id} ({event.action}) has no movement"
    # by position (the columns _streams selects): millions of pairs
    _item, movement_id, action, to_post_id, by_post_id, by_user_id, remarks, at = movement
    _object, event_id, event_action, user_id, post_id, detail, event_at = event
    expected_detail = (f"to post {to_post_id}" if to_post_id is not None
                       else (remarks or "")[:200])
    same = (event_action == f"{kind}.{action}", user_id == by_user_id, post_id == by_post_id,
            detail == expected_detail, abs(event_at - at) <= AUDIT_TIME_TOLERANCE)
    if all(same):  # the usual case: no list of differences built
        return None
    differences = [name for name, alike in zip(PAIRED, same) if not alike]
    return (f"movement {movement_id} does not match its audit event {event_id} "
            f"({', '.join(differences)} differ)")
