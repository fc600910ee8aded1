"""The OCR job on the portal's task queue (eoffice.queue): one per content hash. The
work itself, registered under KIND, is work.read_scan."""
from .. import queue

KIND = "ocr.scan"
TRIES = 3


def read_later(sha256):
    """Owed in this transaction, run by the worker once it commits; the same bytes
    again are the same job. Returns the new job's id, or None when owed already."""
    return queue.owe(KIND, key=sha256, sha256=sha256)
