"""POST and GET /api/v1/receipts: intake, idempotency, attachments, bad input."""
import base64

from sqlalchemy import func, select

from eoffice.extensions import db
from eoffice.models import Receipt
from tests.api.conftest import application, invalid_fields
from tests.factories import make_post


def count_receipts():
    return db.session.scalar(select(func.count()).select_from(Receipt))


def test_same_external_ref_twice_gives_the_first_receipt(eunnat, org):
    first = eunnat.post("/api/v1/receipts", application())
    again = eunnat.post("/api/v1/receipts", application(subject="changed"))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json["id"] == first.json["id"] and again.json["receipt"]["subject"] != "changed"
    assert count_receipts() == 1
    other = eunnat.post("/api/v1/receipts", application(external_ref="EUN-000124"))
    assert other.status_code == 201 and other.json["diary_no"] != first.json["diary_no"]


def test_losing_a_race_returns_the_winners_receipt_and_no_number(eunnat, org, monkeypatch):
    """As when two requests both found no receipt before either had inserted one: the
    loser's insert fails on the unique key, and it answers with the winner's receipt."""
    from eoffice.dak import services

    first = eunnat.post("/api/v1/receipts", application()).json
    looked = []
    real_lookup = services.receipt_by_external_ref

    def missed_first_time(creator, external_ref):
        looked.append(external_ref)
        return None if len(looked) == 1 else real_lookup(creator, external_ref)

    monkeypatch.setattr(services, "receipt_by_external_ref", missed_first_time)
    again = eunnat.post("/api/v1/receipts", application())
    assert again.status_code == 200 and again.json["id"] == first["id"], again.json
    assert len(looked) == 2 and count_receipts() == 1
    monkeypatch.undo()
    serials = [db.session.get(Receipt, first["id"]).diary_serial]
    other = eunnat.post("/api/v1/receipts", application(external_ref="EUN-2")).json
    serials.append(db.session.get(Receipt, other["id"]).diary_serial)
    assert serials == [1, 2]  # the lost attempt's number was rolled back with it


def test_external_ref_is_unique_per_client_not_globally(eunnat, api_as, org):
    assert eunnat.post("/api/v1/receipts", application()).status_code == 201
    mine = api_as("cru.srinagar").post("/api/v1/receipts", application())
    assert mine.status_code == 201
    assert count_receipts() == 2


def test_to_post_in_the_office_receives_it_directly(eunnat, org):
    response = eunnat.post("/api/v1/receipts", application(to_post=org["posts"]["so"].id))
    assert response.status_code == 201, response.json
    assert response.json["holder"]["id"] == org["posts"]["so"].id
    receipt = db.session.get(Receipt, response.json["id"])
    assert receipt.created_by_post_id == org["posts"]["cru"].id
    assert receipt.sent_by_post_id == org["posts"]["cru"].id and receipt.read_at is None
    assert response.json["receipt"]["last_movement"]["action"] == "send"


def test_to_post_of_another_office_is_refused(eunnat, org):
    response = eunnat.post("/api/v1/receipts", application(to_post=org["posts"]["dc_jammu"].id))
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {"to_post": "other_office"}
    assert eunnat.post("/api/v1/receipts", application(to_post=999999)).status_code == 422
    assert count_receipts() == 0


def test_office_without_central_registry_is_a_clear_422(client, org):
    from tests.api.conftest import Api, service_token

    api = Api(client, service_token("rtiportal", ["TO-SGR-T1"]))
    response = api.post("/api/v1/receipts", application(office="TO-SGR-T1"))
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {"office": "no_registry"}
    assert "central registry" in response.json["error"]["message"]


def test_registry_found_by_section_code(client, org):
    from eoffice.models import Section
    from tests.api.conftest import Api, office, service_token

    tehsil = office("TO-SGR-T1")
    section = Section(office=tehsil, code="CRU", name="Central Registry")
    db.session.add(section)
    registry = make_post(tehsil, "Registry Khanyar")
    registry.section = section
    db.session.commit()
    api = Api(client, service_token("rtiportal", ["TO-SGR-T1"]))
    response = api.post("/api/v1/receipts", application(office="TO-SGR-T1"))
    assert response.status_code == 201, response.json
    assert response.json["holder"]["id"] == registry.id


def test_personal_token_diarises_for_its_post_and_may_send_on(api_as, org):
    body = application(to_post=org["posts"]["so"].id, external_ref=None)
    body.pop("external_ref")
    response = api_as("cru.srinagar").post("/api/v1/receipts", body)
    assert response.status_code == 201, response.json
    receipt = db.session.get(Receipt, response.json["id"])
    assert receipt.created_by.username == "cru.srinagar"
    assert receipt.holder_post_id == org["posts"]["so"].id and receipt.external_ref is None


def test_field_errors_name_the_fields(eunnat, org):
    body = application(subject="", mode="pigeon", letter_date="05-01-2026",
                       sender={"name": "x" * 161, "email": "not-mail"}, colour="red")
    response = eunnat.post("/api/v1/receipts", body)
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {
        "subject": "required", "mode": "invalid", "letter_date": "invalid",
        "sender.name": "too_long", "sender.email": "invalid", "colour": "unknown"}
    assert "sender.name" in response.json["error"]["message"]
    blank = eunnat.post("/api/v1/receipts", application(sender={"name": "   "}))
    assert invalid_fields(blank) == {"sender.name": "required"}
    future = eunnat.post("/api/v1/receipts", application(received_on="2999-01-01"))
    assert invalid_fields(future) == {"received_on": "invalid"}
    assert count_receipts() == 0


def test_malformed_and_hostile_input_never_500(eunnat, org):
    for raw in (b"{not json", b"[1, 2]", b'"text"', b"[" * 100000, b""):
        response = eunnat.client.post("/api/v1/receipts", data=raw, headers={
            **eunnat.headers(), "Content-Type": "application/json"})
        assert response.status_code == 400, raw[:20]
        assert response.json["error"]["code"] == "bad_request"
    cases = [application(subject="a\x00b"), application(subject="\ud800"),
             application(to_post=10 ** 30), application(to_post=True),
             application(attachments=[{"filename": "a.pdf", "content": "%%%"}]),
             application(attachments=[{"filename": "a.exe",
                                       "content": base64.b64encode(b"MZ...").decode()}])]
    for body in cases:
        assert eunnat.post("/api/v1/receipts", body).status_code == 422, body
    assert eunnat.get("/api/v1/receipts/99999999999999999999").status_code == 404
    assert eunnat.get("/api/v1/receipts?page=abc").status_code == 422
    assert eunnat.get("/api/v1/receipts?per_page=101").status_code == 422
    assert count_receipts() == 0


def test_attachment_too_large_is_413(app, eunnat, org):
    app.config["MAX_UPLOAD_MB"] = 1
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024)
    response = eunnat.post("/api/v1/receipts", application(
        attachments=[{"filename": "big.pdf", "content": base64.b64encode(big).decode()}]))
    assert response.status_code == 413
    assert response.json["error"]["code"] == "too_large"
    huge = eunnat.post("/api/v1/receipts", application(
        attachments=[{"filename": "huge.pdf", "content": "A" * (4 * 1024 * 1024)}]))
    assert huge.status_code == 413
    assert count_receipts() == 0


def test_read_a_receipt_and_list_by_external_ref(eunnat, org):
    made = eunnat.post("/api/v1/receipts", application()).json
    body = eunnat.get(f"/api/v1/receipts/{made['id']}").json
    assert body["diary_no"] == made["diary_no"] and body["status"] == "active"
    assert body["holder"]["label"] == "CRU Srinagar" and body["read"] is False
    assert body["sender"]["name"] == "Ghulam Nabi Dar" and body["letter_date"] == "2026-01-05"
    assert body["attachments"][0]["filename"] == "form.pdf"
    assert body["diarised_at"].endswith("Z") and body["file"] is None
    assert body["last_movement"]["action"] == "create"
    listed = eunnat.get("/api/v1/receipts?external_ref=EUN-000123").json
    assert [item["id"] for item in listed["items"]] == [made["id"]]
    assert eunnat.get("/api/v1/receipts?external_ref=other").json["total"] == 0
    assert eunnat.get("/api/v1/receipts").json["total"] == 1


def test_holder_reading_a_receipt_opens_it(eunnat, api_as, org):
    made = eunnat.post("/api/v1/receipts", application()).json
    body = api_as("cru.srinagar").get(f"/api/v1/receipts/{made['id']}").json
    assert body["read"] is True and body["last_movement"]["action"] == "open"
    assert db.session.get(Receipt, made["id"]).read_at is not None


def test_the_answer_to_a_new_receipt_is_the_receipt_as_read_back(eunnat, api_as, org):
    """The answer is built from what the request made (its attachments, its last
    movement) without reading them back: it must equal the receipt as listed after."""
    for client, body in ((eunnat, application(to_post=org["posts"]["so"].id)),
                         (api_as("cru.srinagar"), application(external_ref="CRU-1"))):
        made = client.post("/api/v1/receipts", body)
        assert made.status_code == 201, made.json
        assert made.json["receipt"]["attachments"][0]["filename"] == "form.pdf"
        listed = client.get(f"/api/v1/receipts?external_ref={body['external_ref']}").json
        assert listed["items"] == [made.json["receipt"]]
