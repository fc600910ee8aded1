"""A scanned letter or enclosure; the bytes live content-addressed under instance/blobs."""
from ..extensions import db
from ..integrity import triggers


class Attachment(db.Model):
    __tablename__ = "attachment"
    id = db.Column(db.Integer, primary_key=True)
    receipt_id = db.Column(db.ForeignKey("receipt.id"), nullable=False, index=True)
    sha256 = db.Column(db.String(64), nullable=False, index=True)
    filename = db.Column(db.String(200), nullable=False)
    content_type = db.Column(db.String(64), nullable=False)
    size = db.Column(db.Integer, nullable=False)
    uploaded_by_id = db.Column(db.ForeignKey("user_account.id"), nullable=False)
    uploaded_at = db.Column(db.DateTime, nullable=False)
    seal = db.Column(db.String(64))  # keyed MAC: eoffice.integrity.seals

    receipt = db.relationship("Receipt", back_populates="attachments")
    # the words read from these bytes (read once for every attachment of the same bytes)
    scan = db.relationship("Scan", primaryjoin="foreign(Attachment.sha256) == Scan.sha256",
                           viewonly=True, uselist=False)


# only ever inserted: OCR and previews keep what they read from the bytes elsewhere
triggers.attach(Attachment.__table__)
