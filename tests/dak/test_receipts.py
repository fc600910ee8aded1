import io
import os
from datetime import date

import pytest
from sqlalchemy import func, select

from eoffice import blobs
from eoffice.dak import services
from eoffice.errors import WorkflowError
from eoffice.extensions import db
from eoffice.models import Attachment, Receipt
from eoffice.movement.services import send
from tests.conftest import csrf_from, login
from tests.factories import PDF_BYTES, make_receipt

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def blob_files(app):
    root = os.path.join(app.instance_path, "blobs")
    return [f for _, _, files in os.walk(root) for f in files] if os.path.isdir(root) else []


def diarise_form(client, post_id, upload, filename, **extra):
    token = csrf_from(client.get("/receipts/new").get_data(as_text=True))
    data = {"csrf_token": token, "as_post": post_id, "subject": "Complaint about water supply",
            "sender_name": "Shabir Ahmad", "received_on": "2026-01-06", "mode": "hand",
            "category": "complaint", "grading": "normal", "form": "electronic", "action": "save",
            "attachments": (io.BytesIO(upload), filename)}
    data.update(extra)
    return client.post("/receipts/new", data=data, content_type="multipart/form-data")


def test_exe_posing_as_pdf_is_refused_and_nothing_stored(app, client, org):
    login(client, "cru.srinagar")
    response = diarise_form(client, org["posts"]["cru"].id, EXE, "scan.pdf")
    assert response.status_code == 422
    assert "is not a PDF, JPEG or PNG file" in response.get_data(as_text=True)
    assert count(Receipt) == 0 and count(Attachment) == 0
    assert blob_files(app) == []


def test_pdf_and_png_are_stored_by_content_hash(app, client, org):
    login(client, "cru.srinagar")
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    assert diarise_form(client, org["posts"]["cru"].id, PDF_BYTES, "letter.pdf").status_code == 303
    assert diarise_form(client, org["posts"]["cru"].id, png, "photo.png").status_code == 303
    stored = db.session.scalars(select(Attachment).order_by(Attachment.id)).all()
    assert [a.content_type for a in stored] == ["application/pdf", "image/png"]
    for attachment in stored:
        with open(blobs.blob_path(attachment.sha256), "rb") as handle:
            assert handle.read() in (PDF_BYTES, png)


def test_upload_over_the_size_limit_is_refused(app, client, org):
    app.config["MAX_UPLOAD_MB"] = 1
    login(client, "cru.srinagar")
    big = PDF_BYTES + b"0" * (1024 * 1024 + 10)
    response = diarise_form(client, org["posts"]["cru"].id, big, "big.pdf")
    assert response.status_code == 422 and "larger than 1 MB" in response.get_data(as_text=True)
    assert count(Receipt) == 0


def test_missing_fields_give_a_clear_message(client, org):
    login(client, "cru.srinagar")
    response = diarise_form(client, org["posts"]["cru"].id, PDF_BYTES, "a.pdf", subject="",
                            received_on="not-a-date")
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert count(Receipt) == 0


def test_diarise_another_with_same_sender(client, org):
    login(client, "cru.srinagar")
    response = diarise_form(client, org["posts"]["cru"].id, PDF_BYTES, "a.pdf",
                            action="another", sender_organisation="Water Users Association")
    assert response.status_code == 303 and "sender_from=" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'value="Shabir Ahmad"' in page and 'value="Water Users Association"' in page


def test_dates_and_mode_fixed_after_first_movement(org):
    users, posts = org["users"], org["posts"]
    cru = users["cru.srinagar"]
    receipt = make_receipt(cru)
    services.update_receipt(cru, receipt, {"received_on": date(2026, 1, 7), "mode": "hand"})
    db.session.commit()
    assert receipt.mode == "hand"
    send(cru, receipt, [posts["so"].id])
    db.session.commit()
    so = users["so.srinagar"]
    with pytest.raises(WorkflowError) as error:
        services.update_receipt(so, receipt, {"mode": "email"})
    assert "mode" in error.value.fields
    db.session.rollback()
    services.update_receipt(so, receipt, {"subject": "Corrected subject"})
    db.session.commit()
    assert receipt.subject == "Corrected subject" and receipt.mode == "hand"


def test_received_date_in_future_refused(org):
    with pytest.raises(WorkflowError):
        make_receipt(org["users"]["cru.srinagar"], received_on=date(2999, 1, 1))


def test_diary_numbers_per_office_and_year(org):
    first = make_receipt(org["users"]["cru.srinagar"])
    second = make_receipt(org["users"]["cru.srinagar"])
    other = make_receipt(org["users"]["tehsildar.khanyar"])
    assert (first.diary_serial, second.diary_serial, other.diary_serial) == (1, 2, 1)
    assert other.diary_no.startswith("TO-SGR-T1/")


def test_a_confidential_receipt_goes_only_into_a_file_graded_at_least_as_high(client, org):
    """Else everyone who reads the ordinary file (the DC by oversight) reads the paper."""
    from eoffice import policy
    from eoffice.models import CorrespondencePage, EFile
    from tests.factories import make_file

    users = org["users"]
    so, dc = users["so.srinagar"], users["dc.srinagar"]
    paper = make_receipt(so, grading="secret", subject="Secret report")
    ordinary = make_file(so, subject="Ordinary file")
    graded = make_file(so, subject="Secret file", grading="top_secret")
    with pytest.raises(WorkflowError) as refused:
        services.put_in_file(so, paper, ordinary)
    assert "graded Secret" in refused.value.message
    db.session.rollback()
    paper = db.session.get(Receipt, paper.id)
    assert paper.status == "active" and paper.efile_id is None
    assert count(CorrespondencePage) == 0 and not policy.can_view(dc, paper)
    with pytest.raises(WorkflowError):  # opening a file with it, too
        make_file(so, subject="Another ordinary file", receipts=[paper])
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(EFile)) == 2

    login(client, "so.srinagar")
    page = client.get(f"/receipts/{paper.id}").get_data(as_text=True)
    assert "Secret file" in page and "Ordinary file" not in page
    new_file = client.get(f"/files/new?receipt={paper.id}").get_data(as_text=True)
    assert '<option selected value="secret">' in new_file

    services.put_in_file(so, paper, graded)
    db.session.commit()
    assert db.session.get(Receipt, paper.id).efile_id == graded.id


def test_after_midnight_ist_the_office_day_and_year_are_used_not_utc(client, org):
    """01:30 IST on 27-11 is still 26-11 in UTC: the diarist's "today" is the 27th, and a
    letter diarised at 00:30 IST on 1 January takes the new year's diary number."""
    from datetime import datetime

    from eoffice.clock import travel_to
    from eoffice.movement.services import send
    from tests.factories import make_file

    users, posts = org["users"], org["posts"]
    cru = users["cru.srinagar"]
    with travel_to(datetime(2026, 11, 26, 20, 0)):
        login(client, "cru.srinagar")
        form = client.get("/receipts/new").get_data(as_text=True)
        assert 'name="received_on"' in form and 'value="27-11-2026"' in form
        receipt = make_receipt(cru, received_on=date(2026, 11, 27), letter_date=None)
        with pytest.raises(WorkflowError):  # yesterday, on the office wall
            send(cru, receipt, [posts["so"].id], due_on=date(2026, 11, 26))
        db.session.rollback()
    with travel_to(datetime(2026, 12, 31, 19, 0)):
        new_year = make_receipt(cru, received_on=date(2027, 1, 1), letter_date=None)
        efile = make_file(users["so.srinagar"])
    assert (new_year.diary_year, new_year.diary_serial) == (2027, 1)
    assert "/2027/" in new_year.diary_no and efile.year == 2027 and efile.file_no.endswith("/2027")


JPEG_HTML = b"\xff\xd8\xff\xe0<html><script>alert(document.cookie)</script></html>"


def test_an_attachment_keeps_the_extension_of_what_it_is(app, client, org):
    """A JPEG/HTML polyglot named x.html is a JPEG: stored and served as x.jpg, never
    as a page a browser would open."""
    login(client, "cru.srinagar")
    assert diarise_form(client, org["posts"]["cru"].id, JPEG_HTML, "x.html").status_code == 303
    attachment = db.session.scalars(select(Attachment)).one()
    assert attachment.filename == "x.jpg" and attachment.content_type == "image/jpeg"
    served = client.get(f"/receipts/{attachment.receipt_id}/attachments/{attachment.id}")
    assert 'filename=x.jpg' in served.headers["Content-Disposition"]
    assert served.headers["Content-Type"] == "image/jpeg"
    # a row stored before names were fixed (rows are never changed: a second one, as then)
    old = Attachment(**{column: getattr(attachment, column) for column in (
        "receipt_id", "sha256", "content_type", "size", "uploaded_by_id", "uploaded_at")},
        filename="old upload.HTML")
    db.session.add(old)
    db.session.commit()
    served = client.get(f"/receipts/{old.receipt_id}/attachments/{old.id}")
    assert 'old upload.jpg' in served.headers["Content-Disposition"]


def test_one_cap_on_attachments_for_pages_and_api(app, client, org):
    from eoffice.dak.services import MAX_ATTACHMENTS

    login(client, "cru.srinagar")
    token = csrf_from(client.get("/receipts/new").get_data(as_text=True))
    data = {"csrf_token": token, "as_post": org["posts"]["cru"].id, "subject": "Many scans",
            "sender_name": "Shabir Ahmad", "received_on": "2026-01-06", "mode": "hand",
            "category": "complaint", "grading": "normal", "form": "electronic", "action": "save",
            "attachments": [(io.BytesIO(PDF_BYTES + bytes([n])), f"p{n}.pdf")
                            for n in range(MAX_ATTACHMENTS + 1)]}
    response = client.post("/receipts/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert f"at most {MAX_ATTACHMENTS}" in response.get_data(as_text=True)
    assert count(Receipt) == 0 and count(Attachment) == 0 and blob_files(app) == []
