"""What the OpenAPI document promises, held item by item: the adoption figures' default
area, integers written as 50643.0, Allow on 405, empty query values, long queries, one
rule for control characters, physical receipts."""
import json
import re

from sqlalchemy import select

from eoffice.api.openapi import document
from eoffice.api.payloads import CONTROL, NOT_BLANK
from eoffice.extensions import db
from eoffice.models import Receipt
from tests.api.conftest import application, invalid_fields
from tests.factories import make_file


def test_adoption_defaults_to_the_callers_own_area(api_as, org):
    answer = api_as("dc.srinagar").get("/api/v1/stats/adoption")
    assert answer.status_code == 200 and answer.json["unit"]["code"] == "SGR", answer.json
    top = api_as("cs.it").get("/api/v1/stats/adoption")  # UT oversight: the UT
    assert top.status_code == 200 and top.json["unit"]["code"] == "JK", top.json
    # an official with no area must name one, and naming another's is not found
    assert invalid_fields(api_as("so.srinagar").get("/api/v1/stats/adoption")) == {
        "unit": "no_own_area"}
    parameter = [p for p in document()["paths"]["/api/v1/stats/adoption"]["get"]["parameters"]
                 if p["name"] == "unit"][0]
    assert not parameter["required"] and "Default: the caller's own area" in \
        parameter["schema"]["description"]


def test_integers_written_with_a_fraction_of_zero(api_as, org):
    so = api_as("so.srinagar")
    efile = make_file(org["users"]["so.srinagar"])
    answer = so.get("/api/v1/inbox?page=1.0&per_page=25.0")
    assert answer.status_code == 200, answer.json
    target = org["users"]["adc.srinagar"].current_posts()[0].id
    sent = so.post(f"/api/v1/files/{efile.id}/send", json={"to_post": float(target)})
    assert sent.status_code == 200, sent.json
    # a fraction that is not zero is still no integer
    again = make_file(org["users"]["so.srinagar"])
    assert invalid_fields(so.post(f"/api/v1/files/{again.id}/send",
                                  json={"to_post": target + 0.5})) == {"to_post": "type"}


def test_405_says_which_methods_are_allowed(api_as, org, client):
    answer = api_as("so.srinagar").get("/api/v1/files")
    assert answer.status_code == 405
    assert set(answer.headers["Allow"].split(", ")) == {"POST", "OPTIONS"}
    assert answer.json["error"]["code"] == "method_not_allowed"
    page = client.put("/login")
    assert page.status_code == 405 and set(page.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_empty_query_values_are_checked_like_any_other(api_as, eunnat, org):
    so = api_as("so.srinagar")
    assert invalid_fields(so.get("/api/v1/inbox?kind=&view=")) == {"kind": "invalid",
                                                                    "view": "invalid"}
    assert invalid_fields(eunnat.get("/api/v1/receipts?external_ref=")) == {
        "external_ref": "required"}
    assert so.get("/api/v1/search?q=").status_code == 200  # q may be empty: the document says so


def test_a_query_over_4_kb_answers_414_in_json(api_as, org):
    so = api_as("so.srinagar")
    answer = so.get("/api/v1/search?q=" + "a" * 4100)
    assert answer.status_code == 414
    assert answer.json["error"]["code"] == "uri_too_long"
    assert so.get("/api/v1/search?q=" + "a" * 180).status_code == 200
    assert "414" in document()["paths"]["/api/v1/search"]["get"]["responses"]


def test_control_characters_are_refused_in_every_text_field(api_as, eunnat, org):
    so = api_as("so.srinagar")
    efile = make_file(org["users"]["so.srinagar"])
    for character in ("\x00", "\x01", "\x08", "\x0b", "\x1b", "\x1f"):
        assert invalid_fields(so.post(f"/api/v1/files/{efile.id}/notes",
                                      json={"text": f"a{character}b"})) == {
            "text": "control_character"}
        body = application(external_ref=f"EUN-{ord(character)}",
                           sender={"name": f"Ghulam{character}Nabi", "address": f"x{character}"})
        assert invalid_fields(eunnat.post("/api/v1/receipts", json=body)) == {
            "sender.name": "control_character", "sender.address": "control_character"}
    assert db.session.scalar(select(Receipt).where(Receipt.sender_name.contains("\x01"))) is None
    # tab, line feed and carriage return are text
    note = so.post(f"/api/v1/files/{efile.id}/notes", json={"text": "one\ttwo\r\nthree"})
    assert note.status_code == 201


def test_pages_drop_control_characters_from_what_forms_send(app):
    with app.test_request_context("/?q=a%01b%1Fc%00d%09e"):
        from flask import request
        assert request.args["q"] == "abcd\te"


def test_a_receipt_through_the_api_may_be_physical(eunnat, org):
    body = application(external_ref="EUN-PAPER", physical=True)
    del body["attachments"]
    made = eunnat.post("/api/v1/receipts", json=body)
    assert made.status_code == 201, made.json
    assert made.json["receipt"]["electronic"] is False
    assert eunnat.post("/api/v1/receipts", json=application(
        external_ref="EUN-PAPER-2", physical=True)).json["error"]["fields"] == {
        "attachments": "physical"}
    default = eunnat.post("/api/v1/receipts", json=application(external_ref="EUN-SCAN"))
    assert default.status_code == 201 and default.json["receipt"]["electronic"] is True
    schema = document()["components"]["schemas"]["ReceiptIn"]["properties"]["physical"]
    assert schema["type"] == "boolean" and schema["default"] is False


def test_the_document_names_the_workflows_422s(api_as, org):
    text = document()["components"]["responses"]["Invalid"]["description"]
    assert "parked item" in text and "office code" in text
    so = api_as("so.srinagar")
    efile = make_file(org["users"]["so.srinagar"])
    assert so.post(f"/api/v1/files/{efile.id}/park", json={}).status_code == 200
    target = org["users"]["adc.srinagar"].current_posts()[0].id
    parked = so.post(f"/api/v1/files/{efile.id}/send", json={"to_post": target})
    assert parked.status_code == 422 and parked.json["error"]["code"] == "invalid"
    unknown = so.post("/api/v1/receipts", json={**application(office="NO-SUCH"),
                                                "external_ref": "X"})
    assert unknown.status_code == 422 and "office" in unknown.json["error"]["fields"], unknown.json


def test_a_repeated_query_parameter_is_refused(api_as, eunnat, org):
    assert invalid_fields(eunnat.get("/api/v1/receipts?external_ref=A&external_ref=B")) == {
        "external_ref": "type"}
    assert invalid_fields(api_as("so.srinagar").get("/api/v1/inbox?page=1&page=2")) == {
        "page": "type"}


def test_a_file_head_must_have_a_character_that_counts(api_as, org):
    so = api_as("so.srinagar")
    body = {"subject": "Heads", "category": "general", "head": "\u00a8|\u011b"}
    assert invalid_fields(so.post("/api/v1/files", json=body)) == {"head": "invalid"}
    made = so.post("/api/v1/files", json={**body, "head": "est"})
    assert made.status_code == 201 and "/EST/" in made.json["file_no"], made.json


def test_query_numbers_are_ascii_digits(api_as, org):
    so = api_as("so.srinagar")
    for page in ("\u0661", "\uff11", "1.5", "1e0", " 1"):  # Arabic-Indic and full-width one
        assert invalid_fields(so.get("/api/v1/posts", query_string={"page": page})) == {
            "page": "type"}, page
    assert so.get("/api/v1/posts?page=1.0").status_code == 200


def test_an_unknown_query_parameter_is_refused(api_as, org):
    so = api_as("so.srinagar")
    assert invalid_fields(so.get("/api/v1/search?q=x&page=1&sort=new")) == {"sort": "unknown"}
    assert invalid_fields(so.get("/api/v1/inbox?=1")) == {"(empty name)": "unknown"}


def test_the_document_calls_blank_what_the_services_call_blank(app):
    """A required text the document accepts is one the services keep: every character
    strip() removes (NEL and the no-break spaces included) counts as blank in both, and
    no pattern leans on a class such as \\s whose members differ between the regex
    dialects that read the document (a generator took NEL for text where Python did not)."""
    not_blank = re.compile(NOT_BLANK)
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        text = f" {chr(code)} "
        kept = bool(text.strip()) and not CONTROL.search(text)
        assert bool(not_blank.match(text)) == kept, hex(code)
    patterns = re.findall(r'"pattern": "((?:[^"\\\\]|\\\\.)*)"', json.dumps(document()))
    assert patterns and not [p for p in patterns if re.search(r"\\\\[sSwWdDbB]", p)]
