"""The whole path: e-UNNAT brings an application in with a service token, officials
put it in a file, note and send it up the chain through the API, and e-UNNAT reads
what the citizen should see."""

from eoffice.extensions import db
from eoffice.models import Movement, Receipt
from tests.api.conftest import application
from tests.factories import PASSWORD


def test_receipt_from_eunnat_lands_unread_at_the_central_registry(eunnat, org):
    response = eunnat.post("/api/v1/receipts", application())
    assert response.status_code == 201, response.json
    body = response.json
    assert body["diary_no"] and body["status"] == "active"
    assert body["holder"]["id"] == org["posts"]["cru"].id
    receipt = db.session.get(Receipt, body["id"])
    assert receipt.created_by.username == "svc.eunnat"
    assert receipt.created_by_post_id == org["posts"]["cru"].id
    assert receipt.read_at is None and receipt.mode == "eunnat"
    assert [a.content_type for a in receipt.attachments] == ["application/pdf"]
    assert receipt.external_ref == "EUN-000123"


def test_workflow_end_to_end(eunnat, api_as, org):
    created = eunnat.post("/api/v1/receipts", application()).json
    receipt_id = created["id"]
    cru, so = api_as("cru.srinagar"), api_as("so.srinagar")
    inbox = cru.get("/api/v1/inbox").json
    assert [(i["kind"], i["id"], i["read"]) for i in inbox["items"]] == [
        ("receipt", receipt_id, False)]
    sent = cru.post(f"/api/v1/receipts/{receipt_id}/send",
                    {"to_post": org["posts"]["so"].id, "remarks": "For action"})
    assert sent.status_code == 200, sent.json
    assert sent.json["holder"]["id"] == org["posts"]["so"].id
    opened = so.get(f"/api/v1/receipts/{receipt_id}").json
    assert opened["read"] is True
    made = so.post("/api/v1/files", {"subject": "Domicile certificate: G N Dar",
                                     "category": "general", "head": "DOM",
                                     "receipt_ids": [receipt_id]})
    assert made.status_code == 201, made.json
    file_id, version = made.json["id"], made.json["version"]
    assert made.json["file_no"] and made.json["physical"] is False
    up = so.post(f"/api/v1/files/{file_id}/send", {"to_post": org["posts"]["adc"].id,
                                                   "priority": "immediate", "version": version})
    assert up.status_code == 200, up.json
    assert up.json["holder"]["label"] == "ADC Srinagar"
    status = eunnat.get("/api/v1/receipts?external_ref=EUN-000123").json
    assert status["total"] == 1
    seen = status["items"][0]
    assert seen["status"] == "in_file"
    assert seen["file"]["file_no"] == made.json["file_no"]
    assert seen["file"]["holder"]["label"] == "ADC Srinagar"
    assert seen["last_movement"]["action"] == "send"
    assert seen["last_movement"]["to"]["label"] == "ADC Srinagar"
    assert "remarks" not in seen["last_movement"]
    detail = api_as("adc.srinagar").get(f"/api/v1/files/{file_id}").json
    assert [c["id"] for c in detail["correspondence"]] == [receipt_id]
    assert [m["action"] for m in detail["movements"]][-2:] == ["send", "open"]
    assert db.session.query(Movement).filter_by(receipt_id=receipt_id, action="create").count() == 1


def test_note_then_send_up_the_chain(api_as, org):
    so = api_as("so.srinagar")
    file_id = so.post("/api/v1/files", {"subject": "Road repair", "category": "works",
                                        "head": "WRK"}).json["id"]
    note = so.post(f"/api/v1/files/{file_id}/notes",
                   {"text": "<p>Submitted for approval.</p><script>alert(1)</script>"})
    assert note.status_code == 201, note.json
    assert note.json["seq"] == 1 and note.json["status"] == "draft"
    assert "<script" not in note.json["body_html"]
    unsigned = so.post(f"/api/v1/files/{file_id}/send", {"to_post": org["posts"]["adc"].id})
    assert unsigned.status_code == 422  # draft notes are signed with the password on sending
    sent = so.post(f"/api/v1/files/{file_id}/send", {"to_post": org["posts"]["adc"].id,
                                                    "password": PASSWORD})
    assert sent.status_code == 200, sent.json
    detail = api_as("adc.srinagar").get(f"/api/v1/files/{file_id}").json
    assert [(n["seq"], n["status"]) for n in detail["notes"]] == [(1, "final")]
