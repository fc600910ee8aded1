"""A receipt's attachment rows; the bytes themselves are blobs (blobs.py), kept once
however many receipts name them."""
from .extensions import db
from .models import Attachment


def safe_name(filename):
    name = "".join(ch for ch in (filename or "") if ch.isprintable() and ch not in '/\\"')
    return name[-200:] or "attachment"


def copy_attachments(source, copy):
    """A copy of a receipt names the same blobs as the original."""
    for attachment in source.attachments:
        db.session.add(Attachment(receipt_id=copy.id, sha256=attachment.sha256,
                                  filename=attachment.filename,
                                  content_type=attachment.content_type, size=attachment.size,
                                  uploaded_by_id=attachment.uploaded_by_id,
                                  uploaded_at=attachment.uploaded_at))
