"""A receipt's attachment rows; the bytes themselves are blobs (blobs.py), kept once
however many receipts name them."""
from .extensions import db
from .models import Attachment


def safe_name(filename):
    name = "".join(ch for ch in (filename or "") if ch.isprintable() and ch not in '/\\"')
    return name[-200:] or "attachment"


def add_stored(receipt, stored, actor, moment):
    """Rows for uploads already stored as blobs: [(upload, (sha256, content type, size))]."""
    for upload, (sha256, content_type, size) in stored:
        db.session.add(Attachment(receipt_id=receipt.id, sha256=sha256, content_type=content_type,
                                  size=size, filename=safe_name(upload.filename),
                                  uploaded_by_id=actor.id, uploaded_at=moment))


def copy_attachments(source, copy):
    """A copy of a receipt names the same blobs as the original."""
    for attachment in source.attachments:
        db.session.add(Attachment(receipt_id=copy.id, sha256=attachment.sha256,
                                  filename=attachment.filename,
                                  content_type=attachment.content_type, size=attachment.size,
                                  uploaded_by_id=attachment.uploaded_by_id,
                                  uploaded_at=attachment.uploaded_at))
