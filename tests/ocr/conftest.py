import io
import os
import shutil
import subprocess

import pytest
from werkzeug.datastructures import FileStorage

from eoffice import queue


def upload(data, filename):
    return FileStorage(io.BytesIO(data), filename=filename)


def run_worker(rounds=1):
    """What the worker would do: every job waiting now (retries are waiting ones too)."""
    return sum(queue.run_waiting() for _ in range(rounds))


@pytest.fixture(autouse=True)
def _tesseract(request):
    """Tests marked `ocr` need Tesseract with eng, hin and urd: they skip, saying what to
    install, or fail where EOFFICE_REQUIRE_OCR is set (.ci/run)."""
    if request.node.get_closest_marker("ocr") is None:
        return
    missing = missing_languages()
    if missing:
        message = (f"Tesseract languages missing: {', '.join(missing)} (apt-get install "
                   "tesseract-ocr tesseract-ocr-eng tesseract-ocr-hin tesseract-ocr-urd)")
        if os.environ.get("EOFFICE_REQUIRE_OCR"):
            pytest.fail(message)
        pytest.skip(message)


def missing_languages():
    if shutil.which("tesseract") is None:
        return ["tesseract itself"]
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                            check=False).stdout.split()
    return [language for language in ("eng", "hin", "urd") if language not in listed]
