"""The correspondence part of a file: pages in their own series for receipts put in
(PUC, then FR I, FR II...) and for letters issued from the file."""
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..clock import utcnow
from ..extensions import db
from ..models import CorrespondencePage
from .services import lock_file


def _add_page(actor, efile, **item):
    lock_file(efile)
    page_no = (db.session.scalar(select(func.max(CorrespondencePage.page_no)).where(
        CorrespondencePage.efile_id == efile.id)) or 0) + 1
    page = CorrespondencePage(efile_id=efile.id, page_no=page_no, added_at=utcnow(),
                              added_by_id=actor.id, **item)
    db.session.add(page)
    db.session.flush()
    return page


def add_receipt_page(actor, efile, receipt):
    """A receipt put into a file takes the next page: the first receipt is the PUC
    (paper under consideration), later ones are fresh receipts FR I, FR II..."""
    receipts_before = db.session.scalar(select(func.count()).where(
        CorrespondencePage.efile_id == efile.id, CorrespondencePage.receipt_id.is_not(None)))
    return _add_page(actor, efile, receipt_id=receipt.id, receipt_ordinal=receipts_before + 1)


def add_dispatch_page(actor, efile, dispatch):
    """An issued letter joins the file's correspondence as the next page."""
    return _add_page(actor, efile, dispatch_id=dispatch.id)


def pages_of(efile):
    return db.session.scalars(select(CorrespondencePage).where(
        CorrespondencePage.efile_id == efile.id).order_by(CorrespondencePage.page_no).options(
        selectinload(CorrespondencePage.receipt), selectinload(CorrespondencePage.dispatch))).all()


def page_of(efile, page_no):
    return db.session.scalar(select(CorrespondencePage).where(
        CorrespondencePage.efile_id == efile.id, CorrespondencePage.page_no == page_no))
