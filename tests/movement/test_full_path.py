"""The whole dak path through the pages, as officials click it."""
import io
import re

from sqlalchemy import select

from eoffice.extensions import db
from eoffice.models import EFile, Movement, Receipt
from tests.conftest import csrf_from, login
from tests.factories import PDF_BYTES


def sign_in_as(app, username):
    client = app.test_client()
    assert login(client, username).status_code == 303
    return client


def form_token(client, path):
    return csrf_from(client.get(path).get_data(as_text=True))


def send(client, kind, item_id, post_id, remarks="Please examine"):
    page = client.get(f"/{kind}/{item_id}/send")
    html = page.get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
    return client.post(f"/{kind}/{item_id}/send", data={
        "csrf_token": csrf_from(html), "version": version, "to_post": [post_id],
        "remarks": remarks, "priority": "immediate"})


def test_dak_to_dc_and_outsider_gets_404(app, org):
    posts = org["posts"]
    cru = sign_in_as(app, "cru.srinagar")
    token = form_token(cru, "/receipts/new")
    response = cru.post("/receipts/new", data={
        "csrf_token": token, "as_post": posts["cru"].id, "subject": "Encroachment on state land",
        "sender_name": "Abdul Rashid", "received_on": "2026-01-06", "mode": "post",
        "category": "complaint", "grading": "normal", "form": "electronic", "action": "send",
        "attachments": (io.BytesIO(PDF_BYTES), "complaint.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)
    receipt = db.session.scalar(select(Receipt))
    assert response.headers["Location"].endswith(f"/receipts/{receipt.id}/send")
    assert receipt.diary_no == f"DC-SGR/{receipt.diary_year}/00001"
    assert len(receipt.attachments) == 1
    assert send(cru, "receipts", receipt.id, posts["so"].id).status_code == 303

    so = sign_in_as(app, "so.srinagar")
    inbox = so.get("/inbox").get_data(as_text=True)
    assert receipt.diary_no in inbox and "Unread" in inbox
    assert so.get(f"/receipts/{receipt.id}").status_code == 200
    db.session.refresh(receipt)
    assert receipt.read_at is not None
    token = form_token(so, f"/files/new?receipt={receipt.id}")
    response = so.post("/files/new", data={
        "csrf_token": token, "as_post": posts["so"].id, "subject": "Encroachment, Khanyar",
        "category": "general", "head": "REV", "section": 0, "form": "electronic",
        "grading": "normal", "priority": "normal", "receipts": [receipt.id]})
    assert response.status_code == 303, response.get_data(as_text=True)
    efile = db.session.scalar(select(EFile))
    db.session.refresh(receipt)
    assert receipt.status == "in_file" and receipt.efile_id == efile.id
    assert receipt.diary_no not in so.get("/inbox").get_data(as_text=True)
    assert send(so, "files", efile.id, posts["adc"].id).status_code == 303

    adc = sign_in_as(app, "adc.srinagar")
    adc.get(f"/files/{efile.id}")
    assert send(adc, "files", efile.id, posts["dc"].id, "For approval").status_code == 303

    dc = sign_in_as(app, "dc.srinagar")
    assert efile.file_no in dc.get("/inbox").get_data(as_text=True)
    history = dc.get(f"/files/{efile.id}/history").get_data(as_text=True)
    for label in ("CRU Srinagar", "SO (Gen) Srinagar", "ADC Srinagar", "DC Srinagar"):
        assert label in history
    assert len(re.findall(r"\d\d-\d\d-\d{4} \d\d:\d\d", history)) >= 6
    # the DC can also open the receipt inside the file and its attachment
    attachment = receipt.attachments[0]
    download = dc.get(f"/receipts/{receipt.id}/attachments/{attachment.id}")
    assert download.status_code == 200 and download.data == PDF_BYTES
    assert "attachment" in download.headers["Content-Disposition"]

    outsider = sign_in_as(app, "dc.jammu")
    assert outsider.get(f"/files/{efile.id}").status_code == 404
    assert outsider.get(f"/files/{efile.id}/history", headers={"HX-Request": "true"}).status_code == 404
    assert outsider.get(f"/receipts/{receipt.id}").status_code == 404
    assert outsider.get(f"/receipts/{receipt.id}/attachments/{attachment.id}").status_code == 404
    sends = db.session.scalars(select(Movement).where(Movement.action == "send")).all()
    assert len(sends) == 3


def test_history_fragment_for_htmx(app, org):
    from tests.factories import make_receipt

    receipt = make_receipt(org["users"]["cru.srinagar"])
    client = sign_in_as(app, "cru.srinagar")
    fragment = client.get(f"/receipts/{receipt.id}/history", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert fragment.status_code == 200
    assert body.lstrip().startswith('<div id="history"') and "<html" not in body
    assert fragment.headers["Vary"].count("HX-Request") == 1
