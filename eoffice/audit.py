"""Append one event to the hash-chained audit log (HMAC key kept outside the database)."""
import hmac
from types import SimpleNamespace

from flask import current_app, has_request_context, request
from sqlalchemy import insert, select, text
from werkzeug.local import LocalProxy

from .clock import utcnow
from .database import lock_for_writing, writers_run_side_by_side
from .extensions import db
from .keyed_mac import keyed_mac
from .models import AuditEvent
from .models.audit import CHAIN_COLUMNS, chain_text

GENESIS = "0" * 64
# session.info: (first, last id, last hash) of the events this transaction appended; the
# commit decides whether the chain's head is anchored (eoffice.integrity.anchors)
ANCHOR_SPAN = "eoffice_audit_span"
CHAIN_LOCK_ID = 731001
# built once: building a statement cost more than SQLite took to run it
LAST_HASH = select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
APPEND = insert(AuditEvent)


def _seal(event, mac=None):
    """The event's HMAC; `event` is an AuditEvent or a row of its table. `mac`: the audit
    key's, when sealing many events (the config read once, not per event)."""
    mac = mac or keyed_mac(current_app.config["AUDIT_KEY"].encode())
    return mac.hexdigest(AuditEvent.chain_fields(event).encode())


def lock_chain():
    """Serialise appends so the chain never forks: an advisory lock on PostgreSQL; on
    SQLite the transaction becomes the one writer. Counters that every movement changes
    (pending counts) are written under it too, so two transactions never wait for each
    other's counter rows."""
    if writers_run_side_by_side(db.session):
        db.session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": CHAIN_LOCK_ID})
    else:
        lock_for_writing(db.session)


def record(action, user=None, obj=None, post=None, detail="", username=None):
    """Append an event: who, which post, what, which object, when (UTC), from where.

    Events are written straight to the session's connection, never left pending in the
    session: so the previous event is always in the table when the next one reads it,
    and an append costs no ORM flush."""
    # current_user is a proxy: the event names what it stands for (a User), not LocalProxy
    obj = obj._get_current_object() if isinstance(obj, LocalProxy) else obj
    lock_chain()
    connection = db.session.connection()
    prev = connection.scalar(LAST_HASH)
    # a plain record, not an ORM object: it never enters the session
    event = SimpleNamespace(
        at=utcnow(),
        user_id=user.id if user is not None else None,
        username=username or (user.username if user is not None else None),
        post_id=post.id if post is not None else None,
        action=action,
        object_type=type(obj).__name__ if obj is not None else None,
        object_id=obj.id if obj is not None else None,
        detail=detail,
        ip=request.remote_addr if has_request_context() else "cli",
        prev_hash=prev or GENESIS,
    )
    event.hash = _seal(event)
    result = connection.execute(APPEND, vars(event))
    _note_for_the_anchor(db.session(), result.inserted_primary_key[0], event.hash)


def _note_for_the_anchor(session, event_id, event_hash):
    first = session.info.get(ANCHOR_SPAN, (event_id, None, None))[0]
    session.info[ANCHOR_SPAN] = (first, event_id, event_hash)


def verify_chain():
    """Walk the whole log; return a list of human-readable breaks (empty when intact)."""
    problems, prev = [], GENESIS
    mac = keyed_mac(current_app.config["AUDIT_KEY"].encode())
    table = AuditEvent.__table__
    # plain tuples on the session's connection, streamed and read by position: millions
    # of events, no ORM objects nor ORM result processing
    rows = db.session.connection().execute(
        select(table.c.id, table.c.hash, *(table.c[name] for name in CHAIN_COLUMNS))
        .order_by(table.c.id).execution_options(yield_per=5000))
    for row in rows:
        event_id, event_hash, prev_hash = row[0], row[1], row[-1]
        if prev_hash != prev:
            problems.append(f"audit event {event_id}: previous hash does not match event before it")
        if not hmac.compare_digest(event_hash, mac.hexdigest(chain_text(*row[2:]).encode())):
            problems.append(f"audit event {event_id}: contents do not match its seal")
        prev = event_hash
    return problems
