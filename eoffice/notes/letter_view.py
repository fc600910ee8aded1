"""The letter read beside the notes: one correspondence page's scans, page by page, and
every scan of the file for its print view."""
from dataclasses import dataclass, field

from sqlalchemy import select

from ..extensions import db
from ..models import Attachment, CorrespondencePage
from ..previews import page_count


@dataclass
class LetterView:
    page: CorrespondencePage | None = None  # the file's correspondence page shown
    attachments: list = field(default_factory=list)  # its scans
    attachment: Attachment | None = None  # the scan shown
    number: int = 1  # its page shown
    count: int = 0  # its pages


def scans_of(pages):
    """{receipt id: [attachments]} for the receipts among the pages, in one query."""
    ids = [page.receipt_id for page in pages if page.receipt_id]
    found = {}
    if ids:
        for attachment in db.session.scalars(select(Attachment).where(
                Attachment.receipt_id.in_(ids)).order_by(Attachment.id)):
            found.setdefault(attachment.receipt_id, []).append(attachment)
    return found


def letter_view(pages, scans, page_no=None, attachment_id=None, number=1):
    """The page asked for, or else the latest letter with scans (the one being dealt
    with), or else the latest page; the scan and its page asked for, or the first."""
    chosen = next((page for page in pages if page.page_no == page_no), None)
    if chosen is None:
        with_scans = [page for page in pages if scans.get(page.receipt_id)]
        chosen = (with_scans or pages or [None])[-1]
    if chosen is None:
        return LetterView()
    attachments = scans.get(chosen.receipt_id, [])
    attachment = next((a for a in attachments if a.id == attachment_id),
                      attachments[0] if attachments else None)
    count = page_count(attachment) if attachment else 0
    return LetterView(chosen, attachments, attachment, min(max(1, number or 1), max(count, 1)),
                      count)


def printed_scans(pages, scans):
    """[(page, attachment, page count)] of every scan in the file, in page order."""
    return [(page, attachment, page_count(attachment))
            for page in pages for attachment in scans.get(page.receipt_id, [])]
