"""The diarist uploads the scan first: its first lines are offered for subject and sender
(JS off: the "Read the scan" step; htmx: the box polls and fills the empty fields)."""
import io

import pytest
from sqlalchemy import func, select

from bench.scans import render_png, text_pdf
from eoffice.dak import staged
from eoffice.extensions import db
from eoffice.models import Attachment, Receipt
from tests.conftest import csrf_from, login
from tests.ocr.conftest import run_worker

LETTER = ["Public Works Department Srinagar", "Subject: repair of the road in ward 72"]


def form_data(page, post_id, **extra):
    data = {"csrf_token": csrf_from(page), "as_post": post_id, "subject": "", "sender_name": "",
            "received_on": "2026-01-06", "mode": "hand", "category": "complaint",
            "grading": "normal", "form": "electronic"}
    data.update(extra)
    return data


def token_in(html):
    marker = 'id="scan-token" name="scans" value="'
    start = html.index(marker) + len(marker)
    return html[start:html.index('"', start)]


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.ocr
def test_read_the_scan_without_javascript_fills_subject_and_sender_then_diarises(app, client, org):
    login(client, "cru.srinagar")
    post_id = org["posts"]["cru"].id
    page = client.get("/receipts/new").get_data(as_text=True)
    png = render_png(LETTER, "eng")
    response = client.post("/receipts/new", content_type="multipart/form-data", data=form_data(
        page, post_id, action="read", attachments=(io.BytesIO(png), "letter.png")))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Reading the scan" in html
    assert count(Receipt) == 0  # nothing diarised yet, nothing read in the request

    run_worker()
    response = client.post("/receipts/new", content_type="multipart/form-data", data=form_data(
        html, post_id, action="read", scans=token_in(html)))
    html = response.get_data(as_text=True)
    assert 'value="repair of the road in ward 72"' in html
    assert 'value="Public Works Department Srinagar"' in html
    assert "First lines of the scan" in html

    response = client.post("/receipts/new", content_type="multipart/form-data", data=form_data(
        html, post_id, action="save", scans=token_in(html), subject="Road repair, ward 72",
        sender_name="Executive Engineer PWD"))
    assert response.status_code == 303
    receipt = db.session.scalar(select(Receipt))
    assert receipt.subject == "Road repair, ward 72"  # what the diarist typed wins
    assert [a.filename for a in receipt.attachments] == ["letter.png"]
    assert receipt.attachments[0].scan.status == "done"


def test_htmx_poll_fills_only_empty_fields_and_the_token_cannot_be_forged(app, client, org):
    login(client, "cru.srinagar")
    post_id = org["posts"]["cru"].id
    page = client.get("/receipts/new").get_data(as_text=True)
    pdf = text_pdf(LETTER)
    response = client.post("/receipts/new", headers={"HX-Request": "true"},
                           content_type="multipart/form-data", data=form_data(
                               page, post_id, action="read", attachments=(io.BytesIO(pdf), "l.pdf")))
    fragment = response.get_data(as_text=True)
    assert fragment.startswith('<div id="scan-reading"') and 'hx-trigger="every 3s"' in fragment
    assert "<html" not in fragment and len(fragment.encode()) < 10_000
    token = token_in(fragment)

    run_worker()
    poll = client.get("/receipts/new/scan-reading", headers={"HX-Request": "true"},
                      query_string={"scans": token, "subject": "", "sender_name": "Typed"})
    fragment = poll.get_data(as_text=True)
    assert "every 3s" not in fragment  # read: no more polling
    assert 'id="subject"' in fragment and 'hx-swap-oob="true"' in fragment
    assert 'value="repair of the road in ward 72"' in fragment
    assert 'id="sender_name"' not in fragment  # typed already: left alone

    intruder = app.test_client()
    login(intruder, "so.srinagar")  # another user replaying the diarist's token
    assert intruder.get("/receipts/new/scan-reading",
                        query_string={"scans": token}).status_code in (403, 404)
    other_page = intruder.get("/receipts/new").get_data(as_text=True)
    forged = staged.URLSafeTimedSerializer("guessed-key", salt=staged.SALT).dumps(
        {"u": org["users"]["so.srinagar"].id, "s": [["0" * 64, "x.pdf", "application/pdf", 1]]})
    for token_tried in (token, forged, token[:-3] + "abc"):
        response = intruder.post("/receipts/new", content_type="multipart/form-data",
                                 data=form_data(other_page, org["posts"]["so"].id, action="save",
                                                subject="Grab", sender_name="Me",
                                                scans=token_tried))
        assert response.status_code == 422
        assert "could not be kept" in response.get_data(as_text=True)
    assert count(Receipt) == 0 and count(Attachment) == 0
