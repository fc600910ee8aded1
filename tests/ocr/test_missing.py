"""`eoffice ocr --missing` reads what was attached before OCR (text-layer PDFs here:
no Tesseract needed), and a damaged file fails at once with its reason."""
from sqlalchemy import func, select

from bench.scans import text_pdf
from eoffice.extensions import db
from eoffice.models import BackgroundJob, Scan
from eoffice.search.services import search
from tests.factories import PDF_BYTES, make_receipt
from tests.ocr.conftest import run_worker, upload


def found(user, q):
    return {hit.item.id for hit in search(user, q).items}


def test_ocr_missing_queues_old_attachments_once_and_here_reads_them(app, org):
    cru = org["users"]["cru.srinagar"]
    app.config["OCR_ENABLED"] = False
    old = make_receipt(cru, subject="Old letter", uploads=[
        upload(text_pdf(["Tender for the Dal lake footbridge"]), "tender.pdf")])
    older = make_receipt(cru, subject="Older letter", uploads=[
        upload(text_pdf(["Minutes about the Jhelum embankment"]), "minutes.pdf")])
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 0
    app.config["OCR_ENABLED"] = True
    runner = app.test_cli_runner()

    result = runner.invoke(args=["eoffice", "ocr", "--missing"])
    assert result.exit_code == 0, result.output
    assert "2 scan(s) queued" in result.output
    again = runner.invoke(args=["eoffice", "ocr", "--missing"])
    assert "2 scan(s) queued" in again.output  # still owed: the same two jobs, not four
    assert db.session.scalar(select(func.count()).select_from(BackgroundJob)) == 2
    run_worker()
    assert found(cru, "footbridge") == {old.id} and found(cru, "embankment") == {older.id}
    assert runner.invoke(args=["eoffice", "ocr", "--missing"]).output.startswith("0 scan(s)")

    app.config["OCR_ENABLED"] = False
    newer = make_receipt(cru, subject="Newer", uploads=[
        upload(text_pdf(["Shikara licence renewal"]), "licence.pdf")])
    app.config["OCR_ENABLED"] = True
    result = runner.invoke(args=["eoffice", "ocr", "--missing", "--here"])
    assert "1 scan(s) read here: 1 done, 0 failed" in result.output, result.output
    assert found(cru, "shikara") == {newer.id}


def test_a_damaged_scan_fails_at_once_with_its_reason_and_never_blocks_diarising(app, client, org):
    cru = org["users"]["cru.srinagar"]
    receipt = make_receipt(cru, subject="Broken scan", uploads=[upload(
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "broken.png")])
    run_worker(rounds=2)
    scan = db.session.scalar(select(Scan))
    assert (scan.status, scan.tries) == ("failed", 1) and scan.reason == "The image could not be opened."
    job = db.session.scalar(select(BackgroundJob))
    assert job.state == "failed" and job.attempts == 1
    assert found(cru, "broken") == {receipt.id}
    result = app.test_cli_runner().invoke(args=["eoffice", "ocr", "--missing", "--failed"])
    assert "1 scan(s) queued" in result.output
    db.session.expire_all()
    assert db.session.scalar(select(Scan)).status == "pending"
    run_worker()
    assert db.session.scalar(select(Scan)).status == "failed"


def test_an_empty_pdf_reads_as_no_words(app, org):
    cru = org["users"]["cru.srinagar"]
    make_receipt(cru, subject="Odd", uploads=[upload(PDF_BYTES, "odd.pdf")])
    run_worker()
    scan = db.session.scalar(select(Scan))
    assert scan.status in ("done", "failed") and scan.text == ""
