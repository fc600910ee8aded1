"""The OCR job on the portal's task queue (eoffice.queue): one per content hash."""
from .. import queue
from .work import KIND, TRIES, read_scan

queue.job(KIND, max_attempts=TRIES)(read_scan)


def read_later(sha256):
    """Owed in this transaction, run by the worker once it commits; the same bytes
    again are the same job."""
    return queue.enqueue(KIND, key=sha256, sha256=sha256)
