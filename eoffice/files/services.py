"""Opening e-files (and physical files tracked here)."""

from sqlalchemy import select

from .. import numbering, policy
from ..clock import local_day, utcnow
from ..dak.services import put_in_file
from ..errors import NotAllowed, WorkflowError
from ..extensions import db
from ..i18n import gettext as _
from ..models import EFile, Section
from ..models.records import FILE_CATEGORIES, GRADINGS, PRIORITIES
from ..movement.services import record
from ..vocabulary import ACTIVE, NORMAL_GRADING, NORMAL_PRIORITY


def _next_file_number(office, section, head, year):
    """The office's next free file number; numbers it made under an earlier pattern are
    stepped over, another office's number is refused."""
    scope = numbering.file_scope(office, head, year)
    while True:
        serial = numbering.next_number(office, "file", scope)
        file_no = numbering.file_number(office, section, head, serial, year)
        owner = db.session.scalar(select(EFile.office_id).where(EFile.file_no == file_no))
        if owner is None:
            return serial, file_no
        if owner != office.id:
            raise WorkflowError(_("File number %(number)s is already taken by another office. "
                                  "Ask your IT administrator to put {office} into this "
                                  "office's file number pattern.", number=file_no),
                                {"head": "taken"})


def create_file(actor, post, subject, category, head, section_id=None, is_electronic=True,
                grading=NORMAL_GRADING, priority=NORMAL_PRIORITY, receipts=()):
    """A post holder opens a file numbered by the office's scheme (serial per office,
    head and year); chosen receipts the post holds go into it."""
    if post is None or post.id not in policy.held_post_ids(actor):
        raise NotAllowed(_("You can open files only for a post you hold."))
    subject = (subject or "").strip()
    if not subject:
        raise WorkflowError(_("Give the subject."), {"subject": "required"})
    if category not in FILE_CATEGORIES:
        raise WorkflowError(_("Choose a category."), {"category": "invalid"})
    if grading not in GRADINGS or priority not in PRIORITIES:
        raise WorkflowError(_("Choose a grading and a priority from the lists."))
    head = numbering.clean_head(head)
    office = post.office
    section = db.session.get(Section, section_id) if section_id else post.section
    if section is not None and section.office_id != office.id:
        raise WorkflowError(_("Choose a section of your office."), {"section": "invalid"})
    now = utcnow()
    year = local_day(now).year  # the office's year: 1 January begins at midnight IST
    serial, file_no = _next_file_number(office, section, head, year)
    efile = EFile(office_id=office.id, section_id=section.id if section else None,
                  serial=serial, year=year, head=head, category=category, subject=subject,
                  file_no=file_no,
                  is_electronic=is_electronic, grading=grading, priority=priority,
                  status=ACTIVE, created_by_id=actor.id, created_by_post_id=post.id,
                  created_at=now, holder_post_id=post.id, holder_since=now, read_at=now)
    db.session.add(efile)
    db.session.flush()
    record(efile, "create", actor, post, to_post=post)
    for receipt in receipts:
        put_in_file(actor, receipt, efile)
    db.session.flush()
    return efile


def active_files_held(user, limit=50):
    """Files the user's posts hold and can act on, newest first (to put receipts in)."""
    return db.session.scalars(select(EFile).where(
        EFile.holder_post_id.in_(policy.held_post_ids(user)), EFile.status == ACTIVE)
        .order_by(EFile.id.desc()).limit(limit)).all()
