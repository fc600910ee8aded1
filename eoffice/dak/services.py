"""Diarising receipts (dak) and putting them into files."""
import os

from sqlalchemy import bindparam, exists, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from .. import audit, blobs, labels, numbering, policy
from ..attachments import safe_name
from ..clock import local_day, today, utcnow
from ..errors import NotAllowed, WorkflowError
from ..extensions import db
from ..i18n import gettext as _
from ..models import (
    Attachment,
    Movement,
    Office,
    OrgUnit,
    Post,
    PostHolding,
    Receipt,
    Section,
    UserRole,
)
from ..models.records import GRADINGS, RECEIPT_CATEGORIES, RECEIPT_MODES
from ..movement.services import (
    acting_post,
    check_version,
    flush_or_conflict,
    hand_over,
    record,
    require_open,
    system_remark,
)
from ..notes.correspondence import add_receipt_page
from ..ocr import services as ocr
from ..orm_rows import Shape
from ..search.keys import KNOWN_PATHS, note_office_path
from ..vocabulary import ACTIVE, IN_FILE, NORMAL_GRADING, NORMAL_PRIORITY

RECEIPT_FIELDS = ("subject", "body", "sender_name", "sender_designation", "sender_organisation",
                  "sender_address", "sender_email", "sender_mobile", "letter_no", "letter_date",
                  "received_on", "mode", "category", "grading", "is_electronic")
FIXED_AFTER_FIRST_MOVE = ("received_on", "letter_date", "mode")
MAX_ATTACHMENTS = 10  # per receipt, from the pages and the API alike


def _validate(data):
    if not (data.get("subject") or "").strip():
        raise WorkflowError(_("Give the subject."), {"subject": "required"})
    if not (data.get("sender_name") or "").strip():
        raise WorkflowError(_("Give the sender's name."), {"sender_name": "required"})
    if data.get("mode") not in RECEIPT_MODES:
        raise WorkflowError(_("Choose how the letter came."), {"mode": "invalid"})
    if data.get("category") not in RECEIPT_CATEGORIES:
        raise WorkflowError(_("Choose a category."), {"category": "invalid"})
    if data.get("grading", NORMAL_GRADING) not in GRADINGS:
        raise WorkflowError(_("Choose a grading."), {"grading": "invalid"})
    received = data.get("received_on")
    if received is None or received > today():
        raise WorkflowError(_("The received date cannot be empty or in the future."),
                            {"received_on": "invalid"})
    letter_date = data.get("letter_date")
    if letter_date is not None and letter_date > received:
        raise WorkflowError(_("The letter cannot be dated after it was received."),
                            {"letter_date": "invalid"})


def diarise(actor, post, data, uploads=(), external_ref=None, staged=()):
    """Any post holder diarises a receipt; it gets the office's next diary number.
    `staged`: scans the form stored before (dak.staged), attached with the uploads."""
    if post is None or post.id not in policy.held_post_ids(actor):
        raise NotAllowed(_("You can diarise only for a post you hold."))
    receipt, attachments = _diarise_at(actor, post, data, uploads, external_ref, staged=staged)
    ocr.note_scans(attachments)  # the scan rows and their jobs, in this transaction
    return receipt


def _diarise_at(actor, post, data, uploads, external_ref, read=True, staged=()):
    _validate(data)
    if len(uploads) + len(staged) > MAX_ATTACHMENTS:
        raise WorkflowError(_("Attach at most %(n)d files to one receipt.", n=MAX_ATTACHMENTS),
                            {"attachments": "too_many"})
    if not data.get("is_electronic", True) and (uploads or staged):
        raise WorkflowError(_("A physical receipt is tracked only; attach scans to an "
                              "electronic one."), {"attachments": "physical"})
    stored = [(item.filename, (item.sha256, item.content_type, item.size))
              for item in staged if os.path.exists(blobs.blob_path(item.sha256))]
    if len(stored) < len(staged):
        raise WorkflowError(_("A scan read earlier is no longer kept; attach it again."),
                            {"attachments": "gone"})
    stored += [(upload.filename, blobs.store(upload.stream, upload.filename))
               for upload in uploads]
    seen = set()
    stored = [entry for entry in stored if not (entry[1][0] in seen or seen.add(entry[1][0]))]
    now = utcnow()
    office = load_offices([post])[0].office
    year = local_day(now).year  # the office's year: 1 January begins at midnight IST
    serial = numbering.next_number(office, "diary", str(year))
    receipt = Receipt(office_id=office.id, diary_year=year, diary_serial=serial,
                      diary_no=numbering.diary_number(office, year, serial), diarised_at=now,
                      created_by_id=actor.id, created_by_post_id=post.id, status=ACTIVE,
                      holder_post_id=post.id, holder_since=now, read_at=now if read else None,
                      external_ref=external_ref, priority=NORMAL_PRIORITY,
                      **{field: data.get(field) for field in RECEIPT_FIELDS if field in data})
    receipt.body = receipt.body or ""
    db.session.add(receipt)
    db.session.flush()
    attachments = [Attachment(receipt_id=receipt.id, sha256=sha256, content_type=content_type,
                              size=size, uploaded_by_id=actor.id, uploaded_at=now,
                              filename=blobs.named_as_its_type(safe_name(filename), content_type))
                   for filename, (sha256, content_type, size) in stored]
    db.session.add_all(attachments)
    set_committed_value(receipt, "attachments", attachments)  # these, and no others: no select
    record(receipt, "create", actor, post, to_post=post)
    db.session.flush()
    return receipt, attachments


# offices with their org units' paths in one statement built once: a diary number needs
# the office's code, the receipt's search keys the path, the form the office's name
OFFICES_WITH_PATHS = (select(*Office.__table__.c, OrgUnit.__table__.c.path)
                      .join_from(Office, OrgUnit, Office.org_unit_id == OrgUnit.id)
                      .where(Office.id.in_(bindparam("ids", expanding=True))))
OFFICE = Shape(Office)


def load_offices(posts):
    """Each post's office (the session's own objects, set as loaded on the post), its unit's
    path noted for the search index: one statement for all, none when both are known."""
    known = db.session.info.get(KNOWN_PATHS, {})
    wanted = {post.office_id for post in posts
              if "office" not in post.__dict__ or post.office_id not in known}
    if not wanted:
        return posts
    session, offices = db.session(), {}
    for row in db.session.connection().execute(OFFICES_WITH_PATHS, {"ids": sorted(wanted)}):
        office = offices[row[OFFICE.identity[0]]] = OFFICE.take(session, row)
        note_office_path(office.id, row[-1])
    for post in posts:
        if "office" not in post.__dict__:
            set_committed_value(post, "office", offices[post.office_id])
    return posts


def registry_post(office):
    """Where an office's incoming dak lands: its central registry post (section CRU),
    else a post a diarist holds today; None when the office has neither."""
    posts = select(Post).where(Post.office_id == office.id, Post.active).order_by(Post.id)
    registry = db.session.scalar(posts.join(Section, Section.id == Post.section_id)
                                 .where(Section.code == "CRU").limit(1))
    if registry is not None:
        return registry
    now = today()
    return db.session.scalar(
        posts.join(PostHolding, PostHolding.post_id == Post.id)
        .join(UserRole, UserRole.user_id == PostHolding.user_id)
        .where(UserRole.role == "diarist", PostHolding.starts_on <= now,
               or_(PostHolding.ends_on.is_(None), PostHolding.ends_on >= now)).limit(1))


def diarise_for_service(token, office, data, uploads=(), external_ref=None, to_post=None):
    """A service client brings a receipt into an office its token is bound to: it is
    diarised at the office's central registry, unread, or handed on to `to_post` of
    that office. The client's system account is the actor in the movement log."""
    if not policy.can_intake(token, office):
        raise NotAllowed(_("You are not allowed to do this."))
    registry = registry_post(office)
    if registry is None:
        raise WorkflowError(_("This office has no central registry post to receive dak."),
                            {"office": "no_registry"})
    if to_post is not None and (to_post.office_id != office.id or not to_post.active):
        raise WorkflowError(_("Choose a post of this office."), {"to_post": "other_office"})
    receipt, attachments = _diarise_at(token.user, registry, data, uploads, external_ref,
                                       read=False)
    if to_post is not None and to_post.id != registry.id:
        hand_over(token.user, receipt, registry, to_post)
    flush_or_conflict()
    ocr.note_scans(attachments)
    return receipt


def receipt_by_external_ref(creator, external_ref):
    return db.session.scalar(select(Receipt).where(Receipt.created_by_id == creator.id,
                                                   Receipt.external_ref == external_ref))


def diarise_once(creator, external_ref, make):
    """The same external_ref from the same client gives back the receipt made first,
    even when two requests race: the loser's insert fails on the unique key, its work
    is rolled back to a savepoint (numbers included) and the winner's receipt found.
    Returns (receipt, created)."""
    if not external_ref:  # nothing to find again: no savepoint to fall back to
        return make(), True
    existing = receipt_by_external_ref(creator, external_ref)
    if existing is not None:
        return existing, False
    try:
        with db.session.begin_nested():
            receipt = make()
    except IntegrityError:
        existing = receipt_by_external_ref(creator, external_ref)
        if existing is None:
            raise
        return existing, False
    return receipt, True


def has_moved(receipt):
    return db.session.scalar(select(exists().where(
        Movement.receipt_id == receipt.id, Movement.action == "send")))


def update_receipt(actor, receipt, data, expected_version=None):
    """The holder corrects a receipt; dates and mode are fixed once it has moved."""
    check_version(receipt, expected_version)
    post = acting_post(actor, receipt)
    require_open(receipt)
    _validate({**{f: getattr(receipt, f) for f in RECEIPT_FIELDS}, **data})
    if has_moved(receipt):
        changed = [f for f in FIXED_AFTER_FIRST_MOVE if f in data and data[f] != getattr(receipt, f)]
        if changed:
            raise WorkflowError(_("Received and letter dates and the mode cannot be changed "
                                  "after the receipt has moved."), {f: "fixed" for f in changed})
    changed = [f for f in RECEIPT_FIELDS
               if f in data and f != "is_electronic" and data[f] != getattr(receipt, f)]
    for field in changed:
        setattr(receipt, field, data[field])
    audit.record("receipt.edit", user=actor, obj=receipt, post=post, detail=", ".join(changed))
    flush_or_conflict()


def put_in_file(actor, receipt, efile, expected_version=None):
    """The holder of both puts a receipt into a file; it leaves the inbox as correspondence."""
    check_version(receipt, expected_version)
    post = acting_post(actor, receipt)
    if not policy.can_put_in_file(actor, receipt, efile):
        raise WorkflowError(_("You can put a receipt only into an active file that you hold."))
    if not policy.grading_fits(receipt, efile):
        raise WorkflowError(_("This receipt is graded %(grading)s: it can go only into a file "
                              "graded at least as high.",
                              grading=labels.label(labels.GRADING, receipt.grading)),
                            {"efile_id": "grading"})
    add_receipt_page(actor, efile, receipt)  # first: the file's lock comes before any other
    receipt.status = IN_FILE
    receipt.efile_id = efile.id
    record(receipt, "attach", actor, post, **system_remark("put_in_file", number=efile.file_no))
    record(efile, "attach", actor, post,
           **system_remark("receipt_put_in", number=receipt.diary_no))
    flush_or_conflict()


def holder_posts_for(actor):
    """The posts the actor holds today, by id: loaded with the signed-in user already, and
    their offices in one statement."""
    held = {post.id: post for post in actor.current_posts()}
    return load_offices([held[post_id] for post_id in sorted(held)])
