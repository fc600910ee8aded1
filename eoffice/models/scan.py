"""The words read from a stored scan, once per content hash.

Attachments name their bytes by sha256, and so does a scan: the same letter attached to
two receipts, uploaded twice or copied with a receipt is read once. `status` is
pending (waiting for the worker, or to be tried again), done, or failed with a reason
after the last try. Pages hold the text of each page read, 1 upwards.
"""
from ..extensions import db

SCAN_STATUSES = ("pending", "done", "failed")


class Scan(db.Model):
    __tablename__ = "scan"
    id = db.Column(db.Integer, primary_key=True)
    sha256 = db.Column(db.String(64), nullable=False, unique=True)
    content_type = db.Column(db.String(64), nullable=False)
    status = db.Column(db.String(16), nullable=False, default="pending", index=True)
    reason = db.Column(db.String(400), nullable=False, default="")  # why the last try failed
    tries = db.Column(db.Integer, nullable=False, default=0)
    method = db.Column(db.String(8))  # "text": the PDF's own text layer; "ocr": Tesseract
    page_count = db.Column(db.Integer)  # pages in the file; more than were read past the limit
    searchable_sha256 = db.Column(db.String(64))  # the PDF/A with a text layer, a blob too
    cpu_seconds = db.Column(db.Float)
    queued_at = db.Column(db.DateTime, nullable=False)
    finished_at = db.Column(db.DateTime)

    pages = db.relationship("ScanPage", order_by="ScanPage.page_no",
                            cascade="all, delete-orphan", back_populates="scan")

    @property
    def text(self):
        return "\n\n".join(page.text for page in self.pages if page.text)

    @property
    def pages_left_unread(self):
        return max(0, (self.page_count or 0) - len(self.pages))


class ScanPage(db.Model):
    __tablename__ = "scan_page"
    __table_args__ = (db.UniqueConstraint("scan_id", "page_no"),)
    id = db.Column(db.Integer, primary_key=True)
    scan_id = db.Column(db.ForeignKey("scan.id"), nullable=False)
    page_no = db.Column(db.Integer, nullable=False)
    text = db.Column(db.Text, nullable=False, default="")

    scan = db.relationship("Scan", back_populates="pages")
