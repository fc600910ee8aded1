"""Drafts for approval: edited up the chain (every save a new version), approved by a
post authorised to approve, issued with the office's next dispatch number."""

from .. import audit, numbering, policy, signing
from ..clock import local_day, utcnow
from ..errors import Conflict, NotAllowed, WorkflowError
from ..extensions import db
from ..i18n import gettext as _
from ..letters import services as letters
from ..models import Dispatch, DraftLetter, DraftVersion, Post
from ..models.dispatch import DISPATCH_MODES
from ..models.draft import LETTER_LANGUAGES
from ..notes.correspondence import add_dispatch_page
from ..notes.services import clean_body, lock_file, require_visible
from ..vocabulary import LETTER_APPROVED, LETTER_DRAFT, LETTER_ISSUED

MAX_RECIPIENTS = 100


def _clean_subject(subject):
    subject = " ".join((subject or "").split())
    if not subject:
        raise WorkflowError(_("Give the subject."), {"subject": "required"})
    if len(subject) > 500:
        raise WorkflowError(_("The subject is too long (at most %(n)d characters).", n=500),
                            {"subject": "too_long"})
    return subject


def _clean_language(language, default):
    language = language or default
    if language not in LETTER_LANGUAGES:
        raise WorkflowError(_("Choose the language of the letter."), {"language": "invalid"})
    return language


def _holder(efile):
    return db.session.get(Post, efile.holder_post_id)


def _add_version(actor, draft, number, subject, body):
    version = DraftVersion(draft=draft, number=number, subject=subject, body_html=body,
                           author_id=actor.id, post_id=draft.efile.holder_post_id,
                           created_at=utcnow())
    db.session.add(version)
    db.session.flush()
    return version


def create_draft(actor, efile, subject, body_html, language=None):
    """The post holding an active file drafts a letter in it, in one language (by default
    the drafter's); the first save is version 1."""
    require_visible(actor, efile)
    lock_file(efile, refresh=True)
    if not policy.can_write_note(actor, efile):
        raise NotAllowed(_("Only the post holding an active file may draft letters in it."))
    subject, body = _clean_subject(subject), clean_body(body_html)
    language = _clean_language(language, actor.language)
    post = _holder(efile)
    draft = DraftLetter(efile=efile, status=LETTER_DRAFT, language=language, created_by_id=actor.id,
                        created_by_post_id=post.id, created_at=utcnow())
    db.session.add(draft)
    _add_version(actor, draft, 1, subject, body)
    audit.record("draft.create", user=actor, obj=draft, post=post,
                 detail=f"file {efile.id}, {language}")
    return draft


def _reload(actor, draft):
    require_visible(actor, draft.efile)
    lock_file(draft.efile, refresh=True)
    db.session.refresh(draft)


def _require_latest(draft, number):
    if number is not None and number != draft.latest.number:
        raise Conflict(_("Someone saved version %(number)d of this draft meanwhile. "
                         "Read it, then try again.", number=draft.latest.number))


def save_version(actor, draft, subject, body_html, based_on=None, language=None):
    """Whoever holds the file saves a new version of a draft until it is approved; every
    version is kept, and the letter's language may change with it. Saving over a newer
    version than the one edited is a conflict."""
    _reload(actor, draft)
    if not policy.can_edit_draft(actor, draft):
        raise NotAllowed(_("Only the post holding the file may edit this draft, and only "
                           "until it is approved."))
    _require_latest(draft, based_on)
    subject, body = _clean_subject(subject), clean_body(body_html)
    language = _clean_language(language, draft.language)
    latest = draft.latest
    if subject == latest.subject and body == latest.body_html and language == draft.language:
        raise WorkflowError(_("Nothing was changed, so no new version was saved."))
    draft.language = language
    version = _add_version(actor, draft, latest.number + 1, subject, body)
    audit.record("draft.version", user=actor, obj=draft, post=_holder(draft.efile),
                 detail=f"version {version.number}, {language}")
    return version


def approval_payload(draft, version):
    return (f"draft letter {draft.id} of file {draft.efile_id}, version {version.number}\n"
            f"language: {draft.language}\nsubject: {version.subject}\n{version.body_html}")


def approve_draft(actor, draft, password, version_number=None):
    """A post authorised to approve, holding the file, approves the latest version and
    signs it with the approver's password; the approved text is then fixed."""
    require_visible(actor, draft.efile)
    # the password is checked before the file's lock, on the draft as read a moment ago
    confirmed = signing.confirm(actor, password) if draft.status == LETTER_DRAFT and \
        policy.can_approve_draft(actor, draft) else None
    _reload(actor, draft)
    if draft.status != LETTER_DRAFT:
        raise WorkflowError(_("This draft has already been approved."))
    if not policy.can_approve_draft(actor, draft):
        raise NotAllowed(_("Only a post authorised to approve, while holding the file, "
                           "may approve this draft."))
    _require_latest(draft, version_number)
    version, post = draft.latest, _holder(draft.efile)
    signature = signing.sign(actor, confirmed or signing.confirm(actor, password),
                             approval_payload(draft, version), post=post,
                             purpose="draft_approval")
    version.approved_at = signature.signed_at
    version.approved_by_id = actor.id
    version.approved_by_post_id = post.id
    version.signature_id = signature.id
    draft.status = LETTER_APPROVED
    db.session.flush()
    audit.record("draft.approve", user=actor, obj=draft, post=post,
                 detail=f"version {version.number}")
    return version


def _clean_recipients(text):
    recipients = [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]
    if not recipients:
        raise WorkflowError(_("Give at least one recipient, one per line."),
                            {"recipients": "required"})
    if len(recipients) > MAX_RECIPIENTS or any(len(r) > 300 for r in recipients):
        raise WorkflowError(_("At most %(n)d recipients of up to 300 characters each.",
                              n=MAX_RECIPIENTS), {"recipients": "too_long"})
    return recipients


def issued_by_its_office_message(efile):
    return _("Letters of this file are issued by its own office, %(office)s, with a number "
             "from that office's dispatch register. Send the file back there to issue this "
             "one.", office=efile.office.name)


def issue_draft(actor, draft, recipients, mode):
    """Whoever holds the file, at a post of the file's own office, issues an approved
    draft: it takes that office's next dispatch number (gap-free per office and year),
    joins the file's correspondence and the office's dispatch register."""
    _reload(actor, draft)
    if draft.status != LETTER_APPROVED:
        raise WorkflowError(_("Only an approved draft can be issued."))
    if policy.issue_waits_for_its_office(actor, draft):
        raise NotAllowed(issued_by_its_office_message(draft.efile))
    if not policy.can_issue_draft(actor, draft):
        raise NotAllowed(_("Only the post holding the file may issue this letter."))
    recipients = _clean_recipients(recipients)
    if mode not in DISPATCH_MODES:
        raise WorkflowError(_("Choose how the letter goes out."), {"mode": "invalid"})
    efile, version, post = draft.efile, draft.approved_version, _holder(draft.efile)
    now = utcnow()
    year = local_day(now).year
    serial = numbering.next_number(efile.office, "dispatch", str(year))
    dispatch = Dispatch(office_id=efile.office_id, year=year, serial=serial,
                        dispatch_no=numbering.dispatch_number(efile.office, year, serial),
                        draft_id=draft.id, draft_version_id=version.id, efile_id=efile.id,
                        subject=version.subject, recipients="\n".join(recipients), mode=mode,
                        issued_at=now, issued_by_id=actor.id, issued_by_post_id=post.id)
    db.session.add(dispatch)
    draft.status = LETTER_ISSUED
    db.session.flush()
    add_dispatch_page(actor, efile, dispatch)
    letters.start_letter(dispatch)
    audit.record("draft.issue", user=actor, obj=dispatch, post=post,
                 detail=f"{dispatch.dispatch_no} from file {efile.id}")
    return dispatch
