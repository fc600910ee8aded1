"""Content-addressed attachment store under instance/blobs, checked by content.

A blob is written to a temporary file, fsynced, renamed into place and its folder
fsynced, all before the database row that names it is committed.
"""
import hashlib
import os
import tempfile
import time

from flask import current_app

from .errors import WorkflowError
from .i18n import gettext as _

SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


EXTENSIONS = {content_type: extension for _magic, content_type, extension in SIGNATURES}


def named_as_its_type(filename, content_type):
    """The uploader's name with the extension of what the content is (a JPEG/HTML
    polyglot named x.html downloads as x.jpg, which no browser opens as a page)."""
    stem, dot, _extension = filename.rpartition(".")
    stem = stem if dot and stem else filename
    return f"{stem}.{EXTENSIONS.get(content_type, 'bin')}"


def blob_root():
    return os.path.join(current_app.instance_path, "blobs")


def sha256_of(path):
    """A file's SHA-256, read a megabyte at a time (backups and attachments may be large)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def blob_path(sha256):
    return os.path.join(blob_root(), sha256[:2], sha256)


class BlobDamaged(Exception):
    """The stored bytes are not the ones uploaded (or are gone)."""


def read_checked(sha256):
    """The bytes stored under sha256, after checking that they still hash to it."""
    path = blob_path(sha256)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise BlobDamaged("the stored file is missing") from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise BlobDamaged("the stored bytes no longer match the ones uploaded")
    return data


# blobs this process hashed and found intact: path -> (inode, size, change time). Any
# write or rename gives a file a new change time (ctime), which user space cannot set
# back, so the same stat means the same bytes; only a ctime older than SETTLED_NS is
# trusted, as a change in the same clock tick as the check would keep it
_INTACT = {}
_INTACT_MAX = 10_000
SETTLED_NS = 2_000_000_000


def check_intact(sha256):
    """Raise BlobDamaged unless the blob still holds the bytes uploaded. Hashed once per
    process while the file stays as it was: page previews ask on every page, and a scan
    may be tens of megabytes."""
    path = blob_path(sha256)
    try:
        before = os.stat(path)
    except FileNotFoundError:
        raise BlobDamaged("the stored file is missing") from None
    stamp = (before.st_ino, before.st_size, before.st_ctime_ns)
    if _INTACT.get(path) == stamp:
        return
    read_checked(sha256)
    if time.time_ns() - before.st_ctime_ns > SETTLED_NS:
        if len(_INTACT) >= _INTACT_MAX:
            _INTACT.clear()
        _INTACT[path] = stamp


def sniff(head):
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


def store(stream, filename):
    """Check and store an upload; returns (sha256, content_type, size)."""
    limit = current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise WorkflowError(_("%(name)s is larger than %(mb)d MB.", name=filename,
                              mb=current_app.config["MAX_UPLOAD_MB"]), {"attachments": "size"})
    if not data:
        raise WorkflowError(_("%(name)s is empty.", name=filename), {"attachments": "empty"})
    kind = sniff(data[:16])
    if kind is None:
        raise WorkflowError(_("%(name)s is not a PDF, JPEG or PNG file. Only scanned letters "
                              "in these formats can be attached.", name=filename),
                            {"attachments": "type"})
    sha256 = hashlib.sha256(data).hexdigest()
    final = blob_path(sha256)
    if not os.path.exists(final):
        write_blob(final, data)
    else:
        os.utime(final)  # a fresh upload of the same bytes: the sweeper leaves it alone
    return sha256, kind[0], len(data)


def store_bytes(data):
    """Keep bytes the portal made itself (a searchable copy of a scan); returns sha256."""
    sha256 = hashlib.sha256(data).hexdigest()
    if not os.path.exists(blob_path(sha256)):
        write_blob(blob_path(sha256), data)
    return sha256


def write_blob(final, data):
    """Temporary file, fsync, rename, fsync the folder: all before any row names it."""
    folder = os.path.dirname(final)
    os.makedirs(folder, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".upload-")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, final)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    folder_descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(folder_descriptor)
    finally:
        os.close(folder_descriptor)
