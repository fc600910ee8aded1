"""From an issued letter to the PDF that leaves the portal: rendered in the background,
signed by the approving officer, then delivered (delivery.py)."""
import hashlib
import secrets

from .. import audit, policy, queue, signing
from ..database import lock_row
from ..errors import NotAllowed, WorkflowError
from ..extensions import db
from ..i18n import gettext as _
from ..models import Dispatch, LetterDocument
from ..signing.certificates import signing_mode
from . import delivery
from .render import letter_language, render_pdf

CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i: read aloud, typed from paper


def new_verify_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


def start_letter(dispatch, rendered_later_at=None, queued=True):
    """An issued letter is owed its PDF: a document with its verification code, and
    the job that renders it (keyed by the dispatch number)."""
    document = LetterDocument(dispatch_id=dispatch.id, verify_code=new_verify_code(),
                              language=letter_language(dispatch), state="rendering",
                              rendered_later_at=rendered_later_at)
    db.session.add(document)
    db.session.flush()
    if queued:
        queue.enqueue("letter.render", dispatch.dispatch_no, dispatch_id=dispatch.id)
    return document


@queue.job("letter.render", max_attempts=5)
def render_job(dispatch_id):
    dispatch = db.session.get(Dispatch, dispatch_id)
    if dispatch is None or dispatch.document is None:
        raise queue.GiveUp(f"no letter {dispatch_id}")
    lock_row(dispatch.document)
    if dispatch.document.state == "rendering":
        make_pdf(dispatch, dispatch.document)


def make_pdf(dispatch, document):
    """Renders the letter. An office signing without certificates has its final letter
    now (it says it is unsigned) and delivers it; otherwise it awaits the signature.
    A letter rendered later from its record is final at once, unsigned, not delivered."""
    if document.rendered_later_at is not None:
        document.rendered_pdf = render_pdf(dispatch, document, None)
        finish(document, document.rendered_pdf, "unsigned", deliver=False)
        audit.record("letter.rendered_later", obj=dispatch,
                     detail=f"{dispatch.dispatch_no} {document.pdf_sha256}")
        return
    method = signing_mode(dispatch.office, dispatch.version.approved_by)
    document.signing_method = method
    document.rendered_pdf = render_pdf(dispatch, document, method)
    if method == "password":
        finish(document, document.rendered_pdf, "unsigned")
    else:
        document.state = "awaiting_signature"
        db.session.flush()


def finish(document, pdf, state, deliver=True):
    document.pdf, document.pdf_sha256, document.state = pdf, hashlib.sha256(pdf).hexdigest(), state
    db.session.flush()
    if deliver:
        delivery.plan(document.dispatch)


def sign_letter(actor, dispatch, secret):
    """The officer who approved the letter signs its PDF with their token PIN or
    certificate password; a wrong one signs nothing. Then it is delivered."""
    document = dispatch.document
    if document is None or not policy.can_sign_letter(actor, dispatch):
        raise NotAllowed(_("Only the officer who approved this letter may sign it."))
    lock_row(document)
    if document.state == "rendering":
        make_pdf(dispatch, document)  # the worker has not got to it yet: the same bytes
    if document.is_final:
        raise WorkflowError(_("This letter is already final; nothing was signed."))
    signed, signature, subject, fingerprint = signing.sign_pdf(
        actor, secret, document.rendered_pdf, dispatch.office, dispatch.version.approved_by_post,
        reason=f"{dispatch.dispatch_no}")
    document.signed_by_id, document.signed_at = actor.id, signature.signed_at
    document.certificate_subject, document.certificate_sha256 = subject[:500], fingerprint
    finish(document, signed, "signed")
    audit.record("letter.sign", user=actor, obj=dispatch, post=dispatch.version.approved_by_post,
                 detail=f"{dispatch.dispatch_no} {document.pdf_sha256}")
    return document


def find_by_code(code):
    return db.session.query(LetterDocument).filter_by(verify_code=code).one_or_none()


def is_genuine(document, sha256):
    """Whether bytes with this SHA-256 are the letter as it left the portal."""
    sha256 = (sha256 or "").strip().lower()
    return bool(document.pdf_sha256) and secrets.compare_digest(sha256, document.pdf_sha256)


