"""Files and their movements through the API, with the same rules as the pages."""
import pytest

from eoffice.extensions import db
from eoffice.models import EFile
from tests.api.conftest import invalid_fields
from tests.factories import make_file, make_receipt


@pytest.fixture
def so(api_as):
    return api_as("so.srinagar")


def open_file(api, **overrides):
    body = {"subject": "Repair of Khanyar road", "category": "works", "head": "WRK", **overrides}
    response = api.post("/api/v1/files", body)
    assert response.status_code == 201, response.json
    return response.json


def test_open_a_file(so, org):
    body = open_file(so, physical=True, grading="confidential", priority="immediate")
    assert body["file_no"].startswith("DC-SGR/") and "/WRK/" in body["file_no"]
    assert body["physical"] is True and body["grading"] == "confidential"
    assert body["holder"]["id"] == org["posts"]["so"].id and body["version"] >= 1
    assert body["created_by"]["id"] == org["posts"]["so"].id and body["status"] == "active"
    efile = db.session.get(EFile, body["id"])
    assert efile.is_electronic is False and efile.created_by.username == "so.srinagar"


def test_open_a_file_with_section_and_bad_input(so, org):
    assert open_file(so, section="GEN")["section"] == "GEN"
    response = so.post("/api/v1/files", {"subject": "x", "category": "works", "head": "W",
                                         "section": "NOPE"})
    assert invalid_fields(response) == {"section": "unknown"}
    response = so.post("/api/v1/files", {"subject": "x", "category": "poetry", "head": "!"})
    assert response.status_code == 422 and "category" in response.json["error"]["fields"]
    response = so.post("/api/v1/files", {"subject": "x", "category": "works", "head": "W",
                                         "office": "DC-JMU"})
    assert response.status_code == 403


def test_receipts_put_in_a_new_file_must_be_held(so, org):
    theirs = make_receipt(org["users"]["cru.srinagar"])
    response = so.post("/api/v1/files", {"subject": "x", "category": "general", "head": "G",
                                         "receipt_ids": [theirs.id]})
    assert response.status_code == 404  # so.srinagar may not see it
    mine = make_receipt(org["users"]["so.srinagar"])
    body = open_file(so, receipt_ids=[mine.id])
    detail = so.get(f"/api/v1/files/{body['id']}").json
    assert [c["diary_no"] for c in detail["correspondence"]] == [mine.diary_no]


def test_send_pull_back_park_unpark_close_reopen(so, api_as, org):
    body = open_file(so)
    file_id = body["id"]
    sent = so.post(f"/api/v1/files/{file_id}/send", {"to_post": org["posts"]["adc"].id,
                                                     "remarks": "Please approve",
                                                     "due_on": "2999-01-01"})
    assert sent.status_code == 200 and sent.json["holder"]["label"] == "ADC Srinagar"
    assert sent.json["due_on"] == "2999-01-01" and sent.json["read"] is False
    back = so.post(f"/api/v1/files/{file_id}/pull-back")
    assert back.status_code == 200 and back.json["holder"]["id"] == org["posts"]["so"].id
    parked = so.post(f"/api/v1/files/{file_id}/park", {"remarks": "Awaiting report"})
    assert parked.json["status"] == "parked"
    assert so.post(f"/api/v1/files/{file_id}/send",
                   {"to_post": org["posts"]["adc"].id}).status_code == 422
    assert so.post(f"/api/v1/files/{file_id}/unpark", {}).json["status"] == "active"
    no_reason = so.post(f"/api/v1/files/{file_id}/close", {})
    assert invalid_fields(no_reason) == {"reason": "required"}
    closed = so.post(f"/api/v1/files/{file_id}/close", {"reason": "Road repaired"})
    assert closed.json["status"] == "closed" and closed.json["close_reason"] == "Road repaired"
    reopened = so.post(f"/api/v1/files/{file_id}/reopen", {"remarks": "Complaint again"})
    assert reopened.json["status"] == "active" and reopened.json["closed_at"] is None
    actions = [m["action"] for m in so.get(f"/api/v1/files/{file_id}").json["movements"]]
    assert actions == ["create", "send", "pull_back", "park", "unpark", "close", "reopen"]


def test_pull_back_after_the_recipient_opened_it_is_409(so, api_as, org):
    file_id = open_file(so)["id"]
    so.post(f"/api/v1/files/{file_id}/send", {"to_post": org["posts"]["adc"].id})
    api_as("adc.srinagar").get(f"/api/v1/files/{file_id}")
    response = so.post(f"/api/v1/files/{file_id}/pull-back")
    assert response.status_code == 409 and response.json["error"]["code"] == "conflict"


def test_stale_version_is_409_and_nothing_moves(so, org):
    body = open_file(so)
    response = so.post(f"/api/v1/files/{body['id']}/send",
                       {"to_post": org["posts"]["adc"].id, "version": body["version"] + 5})
    assert response.status_code == 409
    assert db.session.get(EFile, body["id"]).holder_post_id == org["posts"]["so"].id
    fresh = so.post(f"/api/v1/files/{body['id']}/send",
                    {"to_post": org["posts"]["adc"].id, "version": body["version"]})
    assert fresh.status_code == 200


def test_a_file_goes_to_one_post_a_receipt_to_several(api_as, org):
    so = api_as("so.srinagar")
    file_id = open_file(so)["id"]
    both = [org["posts"]["adc"].id, org["posts"]["dc"].id]
    assert so.post(f"/api/v1/files/{file_id}/send", {"to_post": both}).status_code == 422
    receipt = make_receipt(org["users"]["so.srinagar"])
    sent = so.post(f"/api/v1/receipts/{receipt.id}/send", {"to_post": both})
    assert sent.status_code == 200 and sent.json["holder"]["id"] == org["posts"]["adc"].id
    dc_inbox = api_as("dc.srinagar").get("/api/v1/inbox").json
    assert [i["number"] for i in dc_inbox["items"]] == [f"{receipt.diary_no}-C1"]


def test_dc_jammu_cannot_read_or_act_on_a_srinagar_file(api_as, org):
    efile = make_file(org["users"]["so.srinagar"])
    receipt = make_receipt(org["users"]["so.srinagar"])
    jammu = api_as("dc.jammu")
    assert jammu.get(f"/api/v1/files/{efile.id}").status_code == 404
    assert jammu.get(f"/api/v1/receipts/{receipt.id}").status_code == 404
    for action, body in (("send", {"to_post": org["posts"]["dc_jammu"].id}), ("pull-back", {}),
                         ("park", {}), ("unpark", {}), ("close", {"reason": "x"}),
                         ("reopen", {}), ("notes", {"text": "mine now"})):
        response = jammu.post(f"/api/v1/files/{efile.id}/{action}", body)
        assert response.status_code == 404, (action, response.json)
        assert response.json["error"]["code"] == "not_found"
    assert jammu.post(f"/api/v1/receipts/{receipt.id}/send",
                      {"to_post": org["posts"]["dc_jammu"].id}).status_code == 404
    assert jammu.post("/api/v1/files", {"subject": "x", "category": "general", "head": "G",
                                        "receipt_ids": [receipt.id]}).status_code == 404
    assert jammu.get("/api/v1/inbox").json["total"] == 0
    assert db.session.get(EFile, efile.id).holder_post_id == org["posts"]["so"].id


def test_dc_srinagar_oversees_but_cannot_act(api_as, org):
    efile = make_file(org["users"]["so.srinagar"])
    dc = api_as("dc.srinagar")
    assert dc.get(f"/api/v1/files/{efile.id}").status_code == 200
    assert dc.post(f"/api/v1/files/{efile.id}/park", {}).status_code == 403  # read-only oversight


def test_file_detail_shows_cover_notes_correspondence_movements(so, org):
    receipt = make_receipt(org["users"]["so.srinagar"])
    file_id = open_file(so, receipt_ids=[receipt.id])["id"]
    detail = so.get(f"/api/v1/files/{file_id}").json
    assert set(detail) == {"file", "notes", "correspondence", "movements"}
    assert detail["file"]["id"] == file_id and detail["notes"] == []
    assert {m["action"] for m in detail["movements"]} >= {"create", "attach"}
    assert detail["movements"][0]["by"]["name"]
