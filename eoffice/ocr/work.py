"""One reading of one scan: the queue's job "ocr.scan", keyed by the bytes' hash.

No transaction is open while Tesseract works: what to read is looked up and that read
ended, the file is read, then the pages are written (the queue commits). A try that
fails is written down at once (the queue rolls back what its job flushed), and the
queue runs it again after a back-off; after the last try, or at once when the file
itself is unreadable (damaged, locked by a password), the scan shows it failed and why.
Diarising never waits for any of this.
"""
import logging

from .. import queue
from ..extensions import db
from . import engine, services
from .tasks import KIND, TRIES

log = logging.getLogger(__name__)


@queue.job(KIND, max_attempts=TRIES)
def read_scan(sha256, final=False):
    """Read the scan of these bytes if it is still waiting (`final`: a failure is not
    tried again, as when read outside the queue)."""
    claimed = services.claim(sha256)
    db.session.rollback()  # nothing held while Tesseract reads
    if claimed is None:
        return
    path, content_type = claimed
    try:
        reading = engine.read_file(path, content_type, services.limits())
    except Exception as error:
        lasting = isinstance(error, engine.ReadFailed) and error.lasting
        reason = error.reason if isinstance(error, engine.ReadFailed) else \
            f"{type(error).__name__}: {error}"
        if not isinstance(error, engine.ReadFailed):
            log.exception("reading scan %s failed", sha256)
        _note_failure(sha256, reason, final or lasting or _last_try(sha256))
        raise queue.GiveUp(reason) if lasting else error
    services.record_reading(sha256, reading)


def _note_failure(sha256, reason, final):
    db.session.rollback()
    services.record_failure(sha256, reason, final)
    db.session.commit()


def _last_try(sha256):
    job = queue.find(KIND, sha256)
    return job is None or job.attempts >= job.max_attempts
