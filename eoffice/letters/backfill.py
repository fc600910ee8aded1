"""Letters issued before the portal made PDFs (migration 1401) have none. Each gets one
made from its record, marked as made later and when, unsigned and not delivered: the
letter left the office on paper when it was issued, and a signature made now would claim
a moment that never happened."""
from sqlalchemy import select

from .. import audit
from ..clock import utcnow
from ..extensions import db
from ..models import Dispatch, LetterDocument
from . import services


def missing():
    """Issued letters without a PDF, oldest first."""
    return db.session.scalars(
        select(Dispatch).outerjoin(LetterDocument, LetterDocument.dispatch_id == Dispatch.id)
        .where(LetterDocument.id.is_(None)).order_by(Dispatch.id)).all()


def owe_later_pdf(dispatch, queued=True):
    """The letter is owed a PDF made from its record: the document (final once
    rendered) and, unless rendered here, the worker's job keyed by its dispatch number."""
    document = services.start_letter(dispatch, rendered_later_at=utcnow(), queued=queued)
    audit.record("letter.render_later", obj=dispatch, username="cli",
                 detail=f"{dispatch.dispatch_no}: a PDF made from the record, unsigned")
    return document
