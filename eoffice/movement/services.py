"""Moving files and receipts post to post. Every action is one movement row, and the
item's holder columns (a cache of the last movement) change in the same transaction."""
from dataclasses import dataclass

from sqlalchemy import bindparam, event, insert, select
from sqlalchemy.orm.exc import StaleDataError

from .. import audit, labels, policy, signals
from ..attachments import copy_attachments
from ..clock import today, utcnow
from ..errors import Conflict, NotAllowed, NotFound, WorkflowError
from ..extensions import db
from ..i18n import format_datetime
from ..i18n import gettext as _
from ..integrity import seals
from ..models import Movement, Post, Receipt
from ..models.records import PRIORITIES
from ..names import name_in
from ..orm_rows import Shape
from ..vocabulary import ACTIONS, ACTIVE, NORMAL_PRIORITY

# session.info: {(kind, item id): the movement this transaction recorded last for it}
RECORDED = "eoffice.movements_recorded"
# built once: an append-only row needs no ORM object nor flush, only its INSERT
APPEND = insert(Movement).returning(Movement.id)


@dataclass
class Recorded:
    """A movement as record() appended it: its columns, and the posts it names as
    loaded (what the readers of a movement just made use: rollups, the search index,
    the API's answer)."""
    id: int
    efile_id: int
    receipt_id: int
    action: str
    from_post_id: int
    to_post_id: int
    by_post_id: int
    by_user_id: int
    remarks: str
    remark_key: str
    remark_args: dict
    priority: str
    due_on: object
    at: object
    seal: str
    from_post: Post = None
    to_post: Post = None
    by_post: Post = None


def recorded_last(item):
    """The movement this transaction recorded last for `item` (its latest: nothing else
    moves an item while a transaction holds it), or None."""
    return db.session.info.get(RECORDED, {}).get((item.kind, item.id))


def _forget_recorded(session, *_args):
    session.info.pop(RECORDED, None)


def register(app):
    for name in ("after_commit", "after_rollback"):
        if not event.contains(db.session, name, _forget_recorded):
            event.listen(db.session, name, _forget_recorded)


def record(item, action, actor, by_post, from_post=None, to_post=None, remarks="",
           priority=None, due_on=None, remark_key=None, remark_args=None):
    """Append one movement and its audit event, after the item's own change is written;
    the adoption rollups follow in the same transaction. Remarks the portal writes come
    from `system_remark`."""
    if action not in ACTIONS:
        raise ValueError(f"{action!r} is not a movement action (vocabulary.ACTIONS)")
    flush_or_conflict()
    row = dict(
        efile_id=item.id if item.kind == "file" else None,
        receipt_id=item.id if item.kind == "receipt" else None,
        action=action, by_user_id=actor.id, by_post_id=by_post.id if by_post else None,
        from_post_id=from_post.id if from_post else None,
        to_post_id=to_post.id if to_post else None,
        remarks=remarks or "", priority=priority, due_on=due_on, at=utcnow(),
        remark_key=remark_key, remark_args=remark_args)
    row["seal"] = seals.seal_values("movement", row.get)
    movement_id = db.session.connection().execute(APPEND, row).scalar_one()
    movement = Recorded(id=movement_id, **row, from_post=from_post, to_post=to_post,
                        by_post=by_post)
    db.session.info.setdefault(RECORDED, {})[item.kind, item.id] = movement
    audit.record(f"{item.kind}.{action}", user=actor, obj=item, post=by_post,
                 detail=f"to post {to_post.id}" if to_post else (remarks or "")[:200])
    # after the audit event: its chain lock comes first, so rollup rows never deadlock
    signals.movement_recorded.send(item, movement=movement, by_post=by_post,
                                   by_person=not policy.is_service_client(actor))
    return movement


def system_remark(key, **values):
    """record()'s arguments for a remark the portal writes (labels.MOVEMENT_REMARK): its
    English text for the log and the audit trail, and the key and values by which every
    reader sees it in their own language."""
    return {"remarks": labels.MOVEMENT_REMARK[key] % values, "remark_key": key,
            "remark_args": values}


def moved_meanwhile():
    return Conflict(_("This item moved while you were working on it. "
                      "Reload the page to see where it is now."))


def flush_or_conflict():
    """Write now; a concurrent change of the same item (version mismatch) is a 409."""
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise moved_meanwhile() from None


def check_version(item, expected_version):
    if expected_version is not None and item.version != expected_version:
        raise moved_meanwhile()


def acting_post(actor, item):
    """The actor's post that holds the item; a clear 409 when it has just moved away."""
    if policy.holds(actor, item):
        return db.session.get(Post, item.holder_post_id)
    if policy.on_trail(actor, item):
        raise Conflict(_("This item is no longer with you: it moved meanwhile."))
    if policy.can_view(actor, item):
        raise NotAllowed(_("Only the post holding this item can act on it."))
    raise NotFound(_("This page does not exist or you may not see it."))


def require_open(item):
    if item.status != ACTIVE:
        raise WorkflowError(_("This item is %(status)s; un-park or reopen it first.",
                              status=labels.label(labels.STATUS, item.status)))


def _set_holder(item, post, by_post, now, priority=None, due_on=None, read=False):
    item.holder_post_id = post.id
    item.holder_since = now
    item.sent_by_post_id = by_post.id if by_post else None
    item.read_at = now if read else None
    item.priority = priority or item.priority
    item.due_on = due_on


# the recipients as plain rows made into the session's Post objects (orm_rows): the ORM's
# select costs more than the statement for the one or few posts a send names
ACTIVE_POSTS = select(*Post.__table__.c).where(Post.id.in_(bindparam("ids", expanding=True)),
                                               Post.active)
POST = Shape(Post)


def resolve_posts(post_ids):
    session = db.session()
    session.flush()  # as the ORM's autoflush would (nothing pending: nothing done)
    posts = [POST.take(session, row) for row in session.connection().execute(
        ACTIVE_POSTS, {"ids": sorted(set(post_ids))})]
    if len(posts) != len(set(post_ids)):
        raise WorkflowError(_("Choose recipients from the address book."), {"to_post": "unknown"})
    order = {post_id: index for index, post_id in enumerate(post_ids)}
    return sorted(posts, key=lambda post: order[post.id])


def send(actor, item, to_post_ids, remarks="", priority=NORMAL_PRIORITY, due_on=None,
         expected_version=None):
    """The holder sends a file to one post, or a receipt to one or more posts (each
    further post gets its own copy). The recipient sees it unread until opened."""
    check_version(item, expected_version)
    from_post = acting_post(actor, item)
    require_open(item)
    to_post_ids = list(dict.fromkeys(to_post_ids or []))
    if not to_post_ids:
        raise WorkflowError(_("Choose at least one recipient."), {"to_post": "required"})
    if item.kind == "file" and len(to_post_ids) > 1:
        raise WorkflowError(_("A file goes to one post at a time."), {"to_post": "one"})
    if from_post.id in to_post_ids:
        raise WorkflowError(_("The item is already with this post."), {"to_post": "self"})
    if priority not in PRIORITIES:
        raise WorkflowError(_("Choose a priority from the list."), {"priority": "invalid"})
    if due_on is not None and due_on < today():
        raise WorkflowError(_("The due date cannot be in the past."), {"due_on": "past"})
    posts = resolve_posts(to_post_ids)
    now = utcnow()
    signals.item_leaving.send(item, from_post=from_post)
    for post in posts[1:]:
        copy_receipt(actor, item, from_post, post, remarks, priority, due_on, now)
    hand_over(actor, item, from_post, posts[0], remarks, priority, due_on, now)
    flush_or_conflict()
    return posts


def hand_over(actor, item, from_post, to_post, remarks="", priority=None, due_on=None, now=None):
    """The item passes from one post to the next, unread there until opened."""
    _set_holder(item, to_post, from_post, now or utcnow(), priority, due_on)
    record(item, "send", actor, from_post, from_post, to_post, remarks, priority, due_on)


COPIED_FIELDS = ("office_id", "diary_no", "diary_year", "diary_serial", "subject", "body",
                 "sender_name", "sender_designation", "sender_organisation", "sender_address",
                 "sender_email", "sender_mobile", "letter_no", "letter_date", "received_on",
                 "diarised_at", "mode", "category", "grading", "is_electronic",
                 "created_by_id", "created_by_post_id")


def copy_receipt(actor, receipt, from_post, to_post, remarks, priority, due_on, now):
    if receipt.kind != "receipt":
        raise WorkflowError(_("Only receipts can be sent to several posts."))
    same_entry = (Receipt.office_id == receipt.office_id,
                  Receipt.diary_year == receipt.diary_year,
                  Receipt.diary_serial == receipt.diary_serial)
    # copies of one diary entry are numbered one at a time, however many desks hold one:
    # a row lock on the original (on SQLite this transaction becomes the one writer)
    db.session.execute(select(Receipt.id).where(*same_entry, Receipt.copy_no == 0)
                       .with_for_update())
    copy_no = (db.session.scalar(select(db.func.max(Receipt.copy_no)).where(*same_entry))
               or 0) + 1
    copy = Receipt(**{field: getattr(receipt, field) for field in COPIED_FIELDS},
                   copy_no=copy_no, copy_of_id=receipt.id, status=ACTIVE,
                   holder_since=now)
    copy.diary_no = f"{receipt.diary_no.split('-C')[0]}-C{copy_no}"
    _set_holder(copy, to_post, from_post, now, priority, due_on)
    db.session.add(copy)
    db.session.flush()
    copy_attachments(receipt, copy)
    record(copy, "copy", actor, from_post, from_post, to_post,
           **system_remark("copy_of", number=receipt.diary_no))
    record(copy, "send", actor, from_post, from_post, to_post, remarks, priority, due_on)
    return copy


def open_item(actor, item):
    """The holder opening an unread item records the read time (once)."""
    if not policy.can_open(actor, item):
        return False
    post = db.session.get(Post, item.holder_post_id)
    item.read_at = utcnow()
    record(item, "open", actor, post)
    flush_or_conflict()
    return True


def pull_back(actor, item, expected_version=None):
    """The sender takes an item back while the recipient has not opened it."""
    check_version(item, expected_version)
    if not policy.can_view(actor, item):
        raise NotFound(_("This page does not exist or you may not see it."))
    if not policy.can_pull_back(actor, item):
        raise Conflict(_("It can no longer be pulled back: the recipient has opened it "
                         "or it has moved on."))
    sender = db.session.get(Post, item.sent_by_post_id)
    recipient = db.session.get(Post, item.holder_post_id)
    now = utcnow()
    _set_holder(item, sender, None, now, item.priority, None, read=True)
    record(item, "pull_back", actor, sender, recipient, sender)
    flush_or_conflict()


def _change_status(actor, item, allowed, action, remarks="", expected_version=None):
    """An action that changes the item's status (vocabulary.ACTIONS says to what)."""
    check_version(item, expected_version)
    post = acting_post(actor, item) if action != "reopen" else _creator_post(actor, item)
    if not allowed(actor, item):
        raise NotAllowed(_("This action is not available for this item."))
    item.status = ACTIONS[action].status[item.kind]
    record(item, action, actor, post, remarks=remarks)
    flush_or_conflict()
    return post


def _creator_post(actor, item):
    if not policy.can_view(actor, item):
        raise NotFound(_("This page does not exist or you may not see it."))
    return db.session.get(Post, item.created_by_post_id)


def park(actor, item, remarks="", expected_version=None):
    """The holder sets an item aside; it leaves the inbox for the Parked list."""
    _change_status(actor, item, policy.can_park, "park", remarks, expected_version)


def unpark(actor, item, expected_version=None):
    """The holder brings a parked item back to the inbox."""
    _change_status(actor, item, policy.can_unpark, "unpark", "", expected_version)


def close(actor, item, reason, expected_version=None):
    """Only the creator's post closes an item it holds, giving a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(_("Give a reason for closing."), {"reason": "required"})
    _change_status(actor, item, policy.can_close, "close", reason, expected_version)
    if item.kind == "file":
        item.closed_at = utcnow()
        item.close_reason = reason


def reopen(actor, item, remarks="", expected_version=None):
    """The creator's post reopens a closed item; it returns to that post."""
    post = _change_status(actor, item, policy.can_reopen, "reopen", remarks, expected_version)
    if item.holder_post_id != post.id:
        _set_holder(item, post, None, utcnow(), read=True)
    if item.kind == "file":  # the closing reason stays in the movement log
        item.closed_at = None
        item.close_reason = None
    flush_or_conflict()


def what_happened(item):
    """Why a pull back came too late, in words: the item's last movement, who and when
    ("Already opened by …, ADC Srinagar, at 07-12-2026 14:05.")."""
    last = db.session.scalar(select(Movement).where(
        (Movement.efile_id if item.kind == "file" else Movement.receipt_id) == item.id)
        .order_by(Movement.id.desc()).limit(1))
    if last is None:
        return _("It can no longer be pulled back.")
    values = {"name": last.by_user.name, "post": name_in(last.by_post, "label") or "—",
              "when": format_datetime(last.at)}
    if last.action == "open":
        return _("It can no longer be pulled back: already opened by %(name)s, %(post)s, at "
                 "%(when)s.", **values)
    if last.action == "send" and last.to_post is not None:
        return _("It can no longer be pulled back: already sent on to %(to)s by %(name)s, "
                 "%(post)s, at %(when)s.", to=name_in(last.to_post, "label"), **values)
    return _("It can no longer be pulled back: %(action)s by %(name)s, %(post)s, at %(when)s.",
             action=labels.label(labels.ACTION, last.action), **values)
