"""The correspondence part of a file: pages in their own series for receipts put in
(PUC, then FR I, FR II...) and for letters issued from the file."""
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import selectinload

from ..clock import utcnow
from ..extensions import db
from ..models import CorrespondencePage
from .services import lock_file


def _add_page(actor, efile, receipt=None, dispatch=None):
    """The file's next page, numbered under the file's lock."""
    lock_file(efile)
    last_page, receipts = db.session.execute(
        select(func.max(CorrespondencePage.page_no), func.count(CorrespondencePage.receipt_id))
        .where(CorrespondencePage.efile_id == efile.id)).one()
    page = CorrespondencePage(
        efile_id=efile.id, page_no=(last_page or 0) + 1, added_at=utcnow(), added_by_id=actor.id,
        receipt_id=receipt.id if receipt else None, dispatch_id=dispatch.id if dispatch else None,
        receipt_ordinal=receipts + 1 if receipt else None)
    db.session.add(page)
    db.session.flush()
    return page


def add_receipt_page(actor, efile, receipt):
    """A receipt put into a file takes the next page: the first receipt is the PUC
    (paper under consideration), later ones are fresh receipts FR I, FR II..."""
    return _add_page(actor, efile, receipt=receipt)


def add_dispatch_page(actor, efile, dispatch):
    """An issued letter joins the file's correspondence as the next page."""
    return _add_page(actor, efile, dispatch=dispatch)


PAGES_OF = (select(CorrespondencePage).where(CorrespondencePage.efile_id == bindparam("efile"))
            .order_by(CorrespondencePage.page_no)
            .options(selectinload(CorrespondencePage.receipt),
                     selectinload(CorrespondencePage.dispatch)))  # built once


def pages_of(efile):
    return db.session.scalars(PAGES_OF, {"efile": efile.id}).all()


def page_of(efile, page_no):
    return db.session.scalar(select(CorrespondencePage).where(
        CorrespondencePage.efile_id == efile.id, CorrespondencePage.page_no == page_no))
