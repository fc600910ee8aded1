"""Scans: which stored bytes are to be read, what was read, and what failed.

A scan is keyed by the content hash of the bytes, so a page is read once however many
receipts carry it. Reading is split in three so that no transaction stays open while
Tesseract works: `claim` (what to read), the engine, then `record_reading` or
`record_failure`. The receipts carrying the bytes are reindexed in the same
transaction as the words they gain.
"""
from flask import current_app
from sqlalchemy import bindparam, select

from .. import audit, blobs, policy, queue
from ..clock import utcnow
from ..errors import Conflict, NotAllowed
from ..extensions import db
from ..i18n import gettext as _
from ..models import Attachment, Scan, ScanPage
from ..search.documents import Passage, add_passages
from ..search.sync import reindex
from .engine import Limits
from .tasks import KIND, read_later

READABLE = ("application/pdf", "image/jpeg", "image/png")


def limits():
    config = current_app.config
    return Limits(config["OCR_LANGUAGES"], config["OCR_MAX_PAGES"],
                  config["OCR_SECONDS_PER_PAGE"])


def enabled():
    return current_app.config["OCR_ENABLED"]


def note_scans(attachments):
    """Each attachment's bytes get a scan waiting to be read, unless read before; the
    worker reads it once this transaction commits."""
    if not enabled():
        return
    for attachment in attachments:
        if attachment.content_type in READABLE and ensure_scan(
                attachment.sha256, attachment.content_type) == "pending":
            read_later(attachment.sha256)


def ensure_scan(sha256, content_type):
    """The status of the scan of these bytes, made pending when there is none (two
    uploads of the same bytes at once make one: the second insert does nothing)."""
    session = db.session
    made = session.execute(_new_scan_statement(), {
        "sha256": sha256, "content_type": content_type, "now": utcnow()}).scalar()
    return made or session.scalar(select(Scan.status).where(Scan.sha256 == sha256))


_statements = {}


def _new_scan_statement():
    """Built once per dialect (diarising a scan runs it; building it cost more than
    running it)."""
    dialect = db.session.get_bind().dialect.name
    if dialect not in _statements:
        table = Scan.__table__
        _statements[dialect] = queue.upsert_for(dialect)(table).values(
            sha256=bindparam("sha256"), content_type=bindparam("content_type"),
            status="pending", reason="", tries=0, queued_at=bindparam("now")) \
            .on_conflict_do_nothing(index_elements=["sha256"]).returning(table.c.status)
    return _statements[dialect]


def scan_of(sha256):
    return db.session.scalar(select(Scan).where(Scan.sha256 == sha256))


def claim(sha256):
    """(path, content type) of bytes waiting to be read, or None when they are read
    already, failed for good, or unknown."""
    scan = scan_of(sha256)
    if scan is None or scan.status != "pending":
        return None
    return blobs.blob_path(sha256), scan.content_type


def record_reading(sha256, reading):
    """The pages read become the scan's words; its receipts are reindexed with them."""
    scan = scan_of(sha256)
    if scan is None or scan.status == "done":
        return scan  # another worker got there first: one reading is kept
    scan.pages = [ScanPage(page_no=number, text=text)
                  for number, text in enumerate(reading.pages, start=1)]
    scan.tries += 1
    scan.status, scan.reason, scan.method = "done", "", reading.method
    scan.page_count, scan.cpu_seconds, scan.finished_at = \
        reading.page_count, round(reading.cpu_seconds, 3), utcnow()
    if reading.searchable_pdf:
        scan.searchable_sha256 = blobs.store_bytes(reading.searchable_pdf)
    db.session.flush()
    reindex_receipts_of(sha256)
    return scan


def record_failure(sha256, reason, final):
    """One more try failed; after the last (`final`) the scan shows it failed and why."""
    scan = scan_of(sha256)
    if scan is None or scan.status == "done":
        return scan
    scan.tries += 1
    scan.reason = reason[:400]
    if final:
        scan.status, scan.finished_at = "failed", utcnow()
    db.session.flush()
    return scan


def reindex_receipts_of(sha256):
    receipt_ids = db.session.scalars(select(Attachment.receipt_id).where(
        Attachment.sha256 == sha256).distinct()).all()
    reindex({("receipt", receipt_id) for receipt_id in receipt_ids})


def read_again(actor, receipt, attachment):
    """The receipt's holder has a scan whose reading failed read again from the start."""
    if not policy.can_edit_receipt(actor, receipt):
        raise NotAllowed(_("You do not hold this receipt."))
    scan = scan_of(attachment.sha256)
    if scan is None or scan.status != "failed":
        raise Conflict(_("This scan has not failed: it is read, or being read."))
    retry(attachment.sha256)
    audit.record("scan.read_again", user=actor, obj=receipt, detail=attachment.filename)
    return scan


def retry(sha256):
    """A failed scan is tried again from the start (an official asks, or --missing)."""
    scan = scan_of(sha256)
    if scan is not None and scan.status == "failed":
        scan.status, scan.tries, scan.reason, scan.finished_at = "pending", 0, "", None
        db.session.flush()
        owe_reading(sha256)
    return scan


def owe_reading(sha256):
    """The worker owes a reading of these bytes: a new job, or the old one again when it
    failed or finished without leaving the scan read (a scan row lost, restored)."""
    job = queue.find(KIND, sha256)
    if job is None:
        read_later(sha256)
    elif job.state in ("failed", "done"):
        job.state = "failed"
        queue.retry(job)


def missing(include_failed=False):
    """Hashes of attached scans never read (older than OCR, or whose worker was lost),
    with the failed ones when asked: each needs a scan row and a reading."""
    statuses = ("pending", "failed") if include_failed else ("pending",)
    rows = db.session.execute(
        select(Attachment.sha256, Attachment.content_type, Scan.status)
        .outerjoin(Scan, Scan.sha256 == Attachment.sha256)
        .where(Attachment.content_type.in_(READABLE))
        .where((Scan.id.is_(None)) | Scan.status.in_(statuses))
        .distinct().order_by(Attachment.sha256)).all()
    return rows


def passages_of_receipts(receipt_ids):
    """{receipt id: [Passage]}: the pages read from their attachments, for search."""
    if not receipt_ids:
        return {}
    rows = db.session.execute(
        select(Attachment.receipt_id, Attachment.filename, ScanPage.page_no, ScanPage.text)
        .join(Scan, Scan.sha256 == Attachment.sha256)
        .join(ScanPage, ScanPage.scan_id == Scan.id)
        .where(Attachment.receipt_id.in_(sorted(receipt_ids)), Scan.status == "done")
        .order_by(Attachment.receipt_id, Attachment.id, ScanPage.page_no)).all()
    found = {}
    for receipt_id, filename, page_no, text in rows:
        if text:
            found.setdefault(receipt_id, []).append(Passage(filename, page_no, text))
    return found


add_passages("receipt", passages_of_receipts, source=Attachment.receipt_id)

