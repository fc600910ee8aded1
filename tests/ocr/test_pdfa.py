"""The searchable PDF/A that OCRmyPDF keeps beside a scanned PDF, checked by a validator
that is not the one that made it: `page` (PyPI `page-validation`, a Rust PDF/A and PDF/UA
checker of its own, tested by its authors against the veraPDF and Isartor corpora).

What it validates: the PDF/A part and conformance the file declares in its XMP metadata
(here PDF/A-2b) against that profile's rules — file structure and syntax, header, XMP
identification, output intent and colour spaces, fonts, forbidden actions and
JavaScript, transparency, encryption — and reports every rule failed. Fonts' glyph
widths and ICC profile internals are rules a validator may only partly implement: its
report says "no failures in implemented checks", and so does this test, not more.
qpdf --check adds the structure as qpdf reads it (cross-reference, streams).

The spoiled copies show the check can fail: the same file without its output intent,
with a JavaScript action, and the scan as it came (not PDF/A at all).
"""
import io
import subprocess

import page  # PyPI page-validation (requirements-dev.txt)
import pikepdf
import pytest
from sqlalchemy import select

from bench.scans import BODIES, LETTERS, image_pdf, render_png
from eoffice import blobs
from eoffice.extensions import db
from eoffice.models import Scan
from tests.factories import make_receipt
from tests.ocr.conftest import run_worker, upload


def _spoiled(pdf, change):
    with pikepdf.open(io.BytesIO(pdf)) as document:
        change(document)
        out = io.BytesIO()
        document.save(out)
    return out.getvalue()


def _without_output_intent(document):
    del document.Root.OutputIntents


def _with_javascript(document):
    document.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript,
                                                  JS=pikepdf.String("app.alert(1)"))


def _failures(pdf):
    report = page.validate_pdf_bytes(pdf, profile=page.ValidationProfile.PDF_A_2B)
    return [failure.rule_id for failure in report.failures]


@pytest.mark.ocr
def test_the_kept_searchable_pdf_is_valid_pdf_a_by_an_independent_validator(app, org, tmp_path):
    scan = image_pdf(*[render_png(lines + BODIES[language][:3], language)
                       for language, lines in LETTERS.items()])
    receipt = make_receipt(org["users"]["cru.srinagar"], subject="Scanned bundle",
                           uploads=[upload(scan, "bundle.pdf")])
    run_worker()
    read = db.session.scalar(select(Scan).where(Scan.sha256 == receipt.attachments[0].sha256))
    assert read.status == "done" and read.searchable_sha256
    path = blobs.blob_path(read.searchable_sha256)
    with open(path, "rb") as handle:
        kept = handle.read()

    report = page.validate_pdf_bytes(kept)  # the profile the file declares
    assert report.profile == page.ValidationProfile.PDF_A_2B, report.profile
    assert report.is_compliant and not report.failures, report
    checked = subprocess.run(["qpdf", "--check", path], capture_output=True, text=True)
    assert checked.returncode == 0 and "No syntax or stream encoding errors" in checked.stdout

    assert "PDFA2B-DEVICE-GRAY-001" in _failures(_spoiled(kept, _without_output_intent))
    assert "PDFA2B-ACTION-TYPE-001" in _failures(_spoiled(kept, _with_javascript))
    assert "PDFA2B-ID-SCHEMA-001" in _failures(scan)
