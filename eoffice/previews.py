"""Page images of scanned letters, to read them beside the notes and print them with
the file.

Attachments are untrusted, so a PDF is never handed to the browser to run inside the
portal's origin: poppler's pdftoppm turns one page at a time into a JPEG, in a child
process held to a memory, CPU and wall-time limit, and the image is kept under
instance/previews/ by the blob's hash and page, so each page is rendered once. JPEG and
PNG scans (checked by content at upload) are shown as they are: images run no code.
"""
import os
import re
import subprocess
import tempfile

from flask import current_app

from .blobs import blob_path

IMAGE_TYPES = ("image/jpeg", "image/png")
WIDTH = 1000  # pixels: sharp on a laptop screen, about 100-200 KB a page
TIMEOUT = 30  # seconds of wall time for one page
LIMITS = ["prlimit", "--as=1073741824", "--cpu=20", "--"]  # 1 GiB, 20 s of CPU
MAX_PAGES = 2000


def _root():
    return os.path.join(current_app.instance_path, "previews")


def _cached(sha256, suffix):
    return os.path.join(_root(), sha256[:2], f"{sha256}{suffix}")


def _run(arguments):
    try:
        result = subprocess.run(LIMITS + arguments, capture_output=True, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result if result.returncode == 0 else None


def _keep(path, data):
    """Write next to the final name and rename: a reader never sees half a file."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)


def page_count(attachment):
    """How many pages can be shown (0 when the PDF cannot be read)."""
    if attachment.content_type in IMAGE_TYPES:
        return 1
    cached = _cached(attachment.sha256, ".pages")
    try:
        with open(cached) as kept:
            return int(kept.read())
    except (OSError, ValueError):
        pass
    result = _run(["pdfinfo", blob_path(attachment.sha256)])
    found = re.search(rb"^Pages:\s+(\d+)", result.stdout, re.M) if result else None
    pages = min(int(found.group(1)), MAX_PAGES) if found else 0
    if result is not None:  # a timeout may pass; a broken file stays broken
        _keep(cached, str(pages).encode())
    return pages


def page_image(attachment, number):
    """(path, mimetype) of page `number` as an image, or None when it cannot be shown."""
    if attachment.content_type in IMAGE_TYPES:
        return (blob_path(attachment.sha256), attachment.content_type) if number == 1 else None
    if not 1 <= number <= page_count(attachment):
        return None
    target = _cached(attachment.sha256, f"-{number}.jpg")
    if not os.path.exists(target):
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with tempfile.TemporaryDirectory(dir=os.path.dirname(target)) as work:
            stem = os.path.join(work, "page")
            if _run(["pdftoppm", "-f", str(number), "-l", str(number), "-singlefile", "-jpeg",
                     "-jpegopt", "quality=70", "-scale-to-x", str(WIDTH), "-scale-to-y", "-1",
                     blob_path(attachment.sha256), stem]) is None:
                return None
            os.replace(stem + ".jpg", target)
    return target, "image/jpeg"
