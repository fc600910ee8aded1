import io
import os
import shutil
import subprocess

import pytest
from werkzeug.datastructures import FileStorage

from bench.scans import can_shape
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
    missing = missing_languages() + ([] if can_shape() else ["libraqm in Pillow"])
    if missing:
        message = (f"Missing for the OCR tests: {', '.join(missing)} (apt-get install "
                   "tesseract-ocr tesseract-ocr-eng tesseract-ocr-hin tesseract-ocr-urd "
                   "libraqm0 fonts-noto-core)")
        if os.environ.get("EOFFICE_REQUIRE_OCR"):
            pytest.fail(message)
        pytest.skip(message)


def missing_languages():
    if shutil.which("tesseract") is None:
        return ["Tesseract"]
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                            check=False).stdout.split()
    return [f"Tesseract's {language}" for language in ("eng", "hin", "urd")
            if language not in listed]
