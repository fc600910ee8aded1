"""Scanned dak read by real Tesseract (English, Hindi, Urdu) in the worker, then found by
search, shown beside the scan, and kept from those who may not see the receipt."""
import pypdfium2
import pytest
from sqlalchemy import func, select

from bench.scans import LETTERS, image_pdf, render_png
from eoffice import blobs
from eoffice.extensions import db
from eoffice.integrity.sweeper import find_orphans
from eoffice.models import BackgroundJob, Receipt, Scan
from eoffice.movement import services as movement
from eoffice.search.services import search
from tests.conftest import csrf_from, login
from tests.factories import make_receipt
from tests.ocr.conftest import run_worker, upload

pytestmark = pytest.mark.ocr


def found(user, q):
    return {hit.item.id: hit for hit in search(user, q).items}


def test_scans_in_three_languages_are_read_in_the_worker_and_found_by_their_words(app, client, org):
    cru = org["users"]["cru.srinagar"]
    pngs = {language: render_png(lines, language) for language, lines in LETTERS.items()}
    pdf = image_pdf(pngs["eng"], pngs["hin"], pngs["urd"])  # a page in each language
    receipts = {language: make_receipt(cru, subject=f"Scanned letter {language}",
                                       uploads=[upload(png, f"{language}.png")])
                for language, png in pngs.items()}
    receipts["pdf"] = make_receipt(cru, subject="Scanned bundle", uploads=[upload(pdf, "bundle.pdf")])
    receipts["again"] = make_receipt(cru, subject="The same scan again",
                                     uploads=[upload(pngs["eng"], "copy.png")])
    # diarised at once; nothing read in the request
    assert db.session.scalar(select(func.count()).select_from(Scan).where(Scan.status == "done")) == 0
    assert found(cru, "ward") == {}

    run_worker()
    scans = db.session.scalars(select(Scan)).all()
    assert len(scans) == 4 and {scan.status for scan in scans} == {"done"}  # the copy read once
    assert db.session.scalar(select(func.count()).select_from(BackgroundJob)) == 4

    ids = {name: receipt.id for name, receipt in receipts.items()}
    for word in ("ward", "Works"):
        assert set(found(cru, word)) == {ids["eng"], ids["pdf"], ids["again"]}
    for word in ("मरम्मत", "वार्ड", "निर्माण", "श्रीनगर"):  # virama, vowel signs, conjuncts kept
        assert set(found(cru, word)) == {ids["hin"], ids["pdf"]}, word
    for word in ("مرمت", "تعمیرات", "سرینگر"):
        assert set(found(cru, word)) == {ids["urd"], ids["pdf"]}, word
    assert found(cru, "मरम") == {} and found(cru, "निर") == {}  # whole words, not pieces

    hit = found(cru, "मरम्मत")[ids["pdf"]]
    assert (hit.passage.source, hit.passage.page) == ("bundle.pdf", 2)
    assert "<mark>मरम्मत</mark>" in hit.snippet and "विषय" in hit.snippet
    assert found(cru, "مرمت")[ids["pdf"]].passage.page == 3

    bundle = db.session.scalar(select(Scan).where(Scan.sha256 == receipts["pdf"].attachments[0].sha256))
    assert bundle.method == "ocr" and bundle.page_count == 3 and bundle.cpu_seconds > 0
    searchable = blobs.blob_path(bundle.searchable_sha256)
    with open(searchable, "rb") as handle:
        head = handle.read()
    assert head.startswith(b"%PDF") and b"pdfaid:part" in head  # PDF/A, kept beside the scan
    document = pypdfium2.PdfDocument(searchable)
    assert "ward 72" in document[0].get_textpage().get_text_range()
    document.close()
    assert searchable not in [path for path, _size in find_orphans(-1)]  # the sweeper keeps it

    login(client, "cru.srinagar")
    page = client.get(f"/receipts/{ids['pdf']}").get_data(as_text=True)
    assert "Subject: repair of the road in ward 72" in page and "Searchable PDF" in page
    attachment = receipts["pdf"].attachments[0]
    text = client.get(f"/receipts/{ids['pdf']}/attachments/{attachment.id}/text")
    assert "مرمت" in text.get_data(as_text=True)  # each page's words beside its image:
    assert f"/attachments/{attachment.id}/pages/3" in text.get_data(as_text=True)
    results = client.get("/search?q=मरम्मत").get_data(as_text=True)
    assert "Scan bundle.pdf, page 2:" in results and "<mark>मरम्मत</mark>" in results


def test_a_confidential_receipts_scan_is_found_only_by_those_who_may_see_it(app, client, org):
    users, posts = org["users"], org["posts"]
    cru = users["cru.srinagar"]
    png = render_png(["Secret report on the ward 72 contract"], "eng")
    secret = make_receipt(cru, subject="Report", grading="secret",
                          uploads=[upload(png, "report.png")])
    movement.send(cru, secret, [posts["so"].id])
    db.session.commit()
    run_worker()
    for name in ("cru.srinagar", "so.srinagar"):
        assert set(found(users[name], "contract")) == {secret.id}, name
    for name in ("dc.jammu", "cs.it", "tehsildar.khanyar", "dc.srinagar"):
        assert found(users[name], "contract") == {}, name
    attachment = secret.attachments[0]
    login(client, "dc.jammu")
    assert client.get(f"/receipts/{secret.id}/attachments/{attachment.id}/text").status_code == 404
    assert client.get(f"/receipts/{secret.id}/attachments/{attachment.id}/searchable").status_code == 404
    assert "<mark>contract</mark>" not in client.get("/search?q=contract").get_data(as_text=True)
    holder = app.test_client()
    login(holder, "so.srinagar")
    assert "<mark>contract</mark>" in holder.get("/search?q=contract").get_data(as_text=True)


def test_a_scan_that_times_out_is_tried_again_then_shown_failed_and_can_be_read_again(app, client, org):
    app.config.update(OCR_SECONDS_PER_PAGE=0.001, QUEUE_RETRY_SECONDS=0)
    cru = org["users"]["cru.srinagar"]
    png = render_png(["Drainage of ward 72"], "eng")
    receipt = make_receipt(cru, subject="Drainage", uploads=[upload(png, "drain.png")])
    assert set(found(cru, "Drainage")) == {receipt.id}  # diarised and searchable by its subject
    run_worker(rounds=4)
    scan = db.session.scalar(select(Scan))
    assert (scan.status, scan.tries) == ("failed", 3) and "longer than the time allowed" in scan.reason
    login(client, "cru.srinagar")
    page = client.get(f"/receipts/{receipt.id}").get_data(as_text=True)
    assert "could not be read (3 tries)" in page

    app.config["OCR_SECONDS_PER_PAGE"] = 60
    attachment = receipt.attachments[0]
    page = client.get(f"/receipts/{receipt.id}").get_data(as_text=True)
    response = client.post(f"/receipts/{receipt.id}/attachments/{attachment.id}/read-again",
                           data={"csrf_token": csrf_from(page)})
    assert response.status_code == 303
    run_worker()
    db.session.expire_all()
    assert db.session.scalar(select(Scan)).status == "done"
    assert set(found(cru, "ward")) == {receipt.id}
    assert db.session.get(Receipt, receipt.id).subject == "Drainage"
