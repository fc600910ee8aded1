"""Scans uploaded before the receipt is saved ("Read the scan"), carried by the form.

The form keeps them as a token signed with the secret key, naming the signed-in user:
a diarist cannot attach bytes by typing a hash (someone else's confidential scan), nor
reuse another's token. The blobs are stored when staged; the sweeper removes those of
forms never saved after its grace period.
"""
from dataclasses import astuple, dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .. import blobs
from ..attachments import safe_name
from ..ocr import services as ocr
from ..ocr.suggest import Suggestion, suggest

SALT = "dak.staged-scans"
MAX_AGE = 24 * 3600  # the sweeper's grace period: a staged blob is kept at least this long
MAX_STAGED = 20


@dataclass(frozen=True)
class StagedScan:
    sha256: str
    filename: str
    content_type: str
    size: int

    @property
    def scan(self):
        return ocr.scan_of(self.sha256)


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def sign(user, staged):
    return _serializer().dumps({"u": user.id, "s": [astuple(s) for s in staged]}) \
        if staged else ""


def unsign(user, token):
    """The scans a token names, when it was signed for this user and is not too old;
    None for a token that is not (forged, someone else's, expired)."""
    if not token:
        return []
    try:
        data = _serializer().loads(token, max_age=MAX_AGE)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != user.id:
        return None
    return [StagedScan(*row) for row in data.get("s", [])[:MAX_STAGED]]


def stage(uploads, staged):
    """Store the uploads (checked by content, as attachments are), each scan to be read;
    returns the staged list with them added (the same bytes once)."""
    known = {s.sha256 for s in staged}
    for upload in uploads:
        sha256, content_type, size = blobs.store(upload.stream, upload.filename)
        if sha256 not in known:
            staged = [*staged, StagedScan(sha256, safe_name(upload.filename), content_type, size)]
            known.add(sha256)
        if ocr.enabled() and content_type in ocr.READABLE and \
                ocr.ensure_scan(sha256, content_type) == "pending":
            ocr.read_later(sha256)
    return staged[:MAX_STAGED]


def suggestion(staged):
    """Subject and sender from the first scan read; an empty Suggestion before that."""
    for item in staged:
        scan = item.scan
        if scan is not None and scan.status == "done" and scan.text:
            return suggest(scan.pages[0].text if scan.pages and scan.pages[0].text else scan.text)
    return Suggestion()


def still_reading(staged):
    return any(item.scan is not None and item.scan.status == "pending" for item in staged)
