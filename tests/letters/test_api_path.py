"""The whole path through the API, as e-UNNAT and officials' systems would walk it:
e-UNNAT brings an application in -> it becomes a receipt -> a file is opened on it ->
noted -> a draft reply in Hindi is approved -> issued -> signed with the approving
officer's certificate -> the worker delivers the signed PDF back to e-UNNAT, whose
callback endpoint (a real local HTTP server) checks the HMAC."""
import base64
import hashlib

from eoffice.extensions import db
from eoffice.tokens.services import create_personal_token, create_service_token
from tests.factories import PASSWORD
from tests.letters.conftest import HINDI_BODY, run_jobs
from tests.letters.test_signed_letters import pyhanko_status


def bearer(raw):
    return {"Authorization": f"Bearer {raw}"}


def test_eunnat_application_to_signed_letter_back_to_eunnat(app, org, client, gateway, pkcs12_officer):
    users, posts = org["users"], org["posts"]
    _token, eunnat = create_service_token("eunnat", ["DC-SGR"])
    _token, so = create_personal_token(users["so.srinagar"], "so's script")
    _token, adc = create_personal_token(users["adc.srinagar"], "adc's script")
    db.session.commit()

    answer = client.post("/api/v1/receipts", headers=bearer(eunnat), json={
        "subject": "Application: correction of land record", "office": "DC-SGR",
        "sender": {"name": "Ghulam Nabi", "email": "ghulam.nabi@example.in"},
        "mode": "eunnat", "category": "application", "external_ref": "EUN-2026-000777",
        "to_post": posts["so"].id})
    assert answer.status_code == 201, answer.json
    receipt_id = answer.json["id"]

    answer = client.post("/api/v1/files", headers=bearer(so), json={
        "subject": "Correction of land record of Ghulam Nabi", "category": "general",
        "head": "REV", "receipt_ids": [receipt_id]})
    assert answer.status_code == 201, answer.json
    file_id = answer.json["id"]
    assert client.post(f"/api/v1/files/{file_id}/notes", headers=bearer(so), json={
        "text": "The record was checked with the patwari; the correction is due."}).status_code == 201
    answer = client.post(f"/api/v1/files/{file_id}/drafts", headers=bearer(so), json={
        "subject": "भूमि अभिलेख में सुधार", "text": HINDI_BODY, "language": "hi"})
    assert answer.status_code == 201, answer.json
    draft_id = answer.json["id"]
    assert answer.json["language"] == "hi"
    assert client.post(f"/api/v1/files/{file_id}/send", headers=bearer(so), json={
        "to_post": posts["adc"].id, "password": PASSWORD}).status_code == 200

    assert client.post(f"/api/v1/drafts/{draft_id}/approve", headers=bearer(so),
                       json={"password": PASSWORD}).status_code in (403, 404)
    answer = client.post(f"/api/v1/drafts/{draft_id}/approve", headers=bearer(adc),
                         json={"password": PASSWORD})
    assert answer.status_code == 200 and answer.json["status"] == "approved", answer.json
    answer = client.post(f"/api/v1/drafts/{draft_id}/issue", headers=bearer(adc), json={
        "recipients": ["Ghulam Nabi, Khanyar, Srinagar"], "mode": "eunnat"})
    assert answer.status_code == 201, answer.json
    dispatch_id = answer.json["id"]
    assert answer.json["letter"]["state"] == "rendering"

    run_jobs()  # the worker renders the letter
    answer = client.get(f"/api/v1/dispatches/{dispatch_id}", headers=bearer(adc))
    assert answer.json["letter"]["state"] == "awaiting_signature"
    assert client.get(f"/api/v1/dispatches/{dispatch_id}/pdf", headers=bearer(adc)).status_code == 404

    wrong = client.post(f"/api/v1/dispatches/{dispatch_id}/sign", headers=bearer(adc),
                        json={"secret": "not my password"})
    assert wrong.status_code == 422 and wrong.json["error"]["fields"] == {"secret": "invalid"}
    assert client.post(f"/api/v1/dispatches/{dispatch_id}/sign", headers=bearer(so),
                       json={"secret": PASSWORD}).status_code == 403
    answer = client.post(f"/api/v1/dispatches/{dispatch_id}/sign", headers=bearer(adc),
                         json={"secret": PASSWORD})
    assert answer.status_code == 200, answer.json
    letter = answer.json["letter"]
    assert letter["state"] == "signed"
    assert [(d["channel"], d["to"], d["state"]) for d in answer.json["deliveries"]] == [
        ("callback", "eunnat", "queued")]

    run_jobs()  # the worker calls e-UNNAT back
    assert len(gateway.received) == 1
    valid, payload = gateway.received[0]
    assert valid  # the HMAC of the shared secret checks out at e-UNNAT's end
    assert payload["external_ref"] == "EUN-2026-000777"
    pdf = client.get(f"/api/v1/dispatches/{dispatch_id}/pdf", headers=bearer(adc)).data
    assert base64.b64decode(payload["pdf"]) == pdf
    assert hashlib.sha256(pdf).hexdigest() == letter["pdf_sha256"] == payload["pdf_sha256"]
    status = pyhanko_status(pdf, pkcs12_officer["pem"])
    assert status.intact and status.valid and status.trusted

    answer = client.get(f"/api/v1/dispatches/{dispatch_id}", headers=bearer(adc))
    assert answer.json["deliveries"][0]["state"] == "sent"
    assert answer.json["deliveries"][0]["retries"] == 0
    page = client.get(payload["verify_url"].split("127.0.0.1:5000", 1)[-1])
    assert page.status_code == 200 and letter["pdf_sha256"] in page.get_data(as_text=True)
