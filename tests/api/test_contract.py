"""Schemathesis drives every operation of /api/v1/openapi.json against the real server
with a valid personal token: no answer may be a server error, and every answer must
match the schema the document gives for its status code."""
import os
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from eoffice import ROOT
from eoffice.api.openapi import document
from eoffice.errors import HTTP_CODES
from tests.api.servers import new_token
from tests.factories import make_file

EXAMPLES = 12
OPERATIONS = [(method.upper(), path) for path, item in document()["paths"].items()
              for method in item]
_served = {}


@pytest.fixture
def served(real_server):
    """The document as the server serves it, and a token of so.srinagar, once per server."""
    if real_server not in _served:
        _served[real_server] = (
            schemathesis.openapi.from_url(real_server.url("/api/v1/openapi.json")),
            new_token(real_server, "--user", "so.srinagar"))
    return _served[real_server]


def _openapi_paths(rule):
    """A Flask rule as the OpenAPI paths it stands for: any(...) expanded, ints as {id}."""
    choice = re.search(r"<any\(([^)]*)\):\w+>", rule)
    if choice:
        return [path for option in choice.group(1).split(",") for path in _openapi_paths(
            rule[:choice.start()] + option.strip(" '") + rule[choice.end():])]
    return [re.sub(r"<int[^>]*>", "{id}", rule)]


def test_every_route_is_described_and_nothing_else():
    from eoffice import create_app

    app = create_app("config.TestConfig")
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")]
    routes = {(method, path) for rule in rules for method in rule.methods - {"HEAD", "OPTIONS"}
              for path in _openapi_paths(rule.rule)}
    assert routes == set(OPERATIONS)
    assert len(OPERATIONS) == 30


def _has_inputs(method, path):
    operation = document()["paths"][path][method.lower()]
    return "parameters" in operation or "requestBody" in operation


CASES = [(method, path, mode) for method, path in OPERATIONS
         for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
         if mode is GenerationMode.POSITIVE or _has_inputs(method, path)]


@pytest.mark.contract
@pytest.mark.parametrize("method, path, mode", CASES,
                         ids=[f"{m} {p} {mode.value}" for m, p, mode in CASES])
def test_answers_match_the_contract(served, method, path, mode):
    """Valid requests (positive) and invalid ones (negative: wrong types, missing or
    extra fields, out-of-range values) alike."""
    schema, token = served
    operation = schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"},
                               checks=[not_a_server_error, response_schema_conformance])

    check()


def test_document_describes_auth_and_errors(client):
    body = client.get("/api/v1/openapi.json").json
    assert body["openapi"] == "3.1.0"
    assert body["components"]["securitySchemes"]["bearer"] == {
        "type": "http", "scheme": "bearer", "description": "A personal or service token."}
    for path, item in body["paths"].items():
        for method, operation in item.items():
            public = operation.get("security") == []
            assert public == path.endswith("/openapi.json"), (method, path)
            assert public or "401" in operation["responses"], (method, path)
            assert "429" in operation["responses"]
    receipt_in = body["components"]["schemas"]["ReceiptIn"]
    assert receipt_in["required"] == ["subject", "sender", "mode", "category"]


def test_the_readme_names_every_error_the_api_answers(api_as, org):
    """Every status the API answers (all of the central handler's but 500, which is a
    bug) is in the README's API section with its code, 405 among them; no 415."""
    so = api_as("so.srinagar")
    wrong_method = so.get("/api/v1/files")
    assert wrong_method.status_code == 405
    assert wrong_method.json["error"]["code"] == "method_not_allowed"
    efile = make_file(org["users"]["so.srinagar"])
    plain = so.client.post(f"/api/v1/files/{efile.id}/notes", data='{"text": "Seen."}',
                           headers=so.headers({"Content-Type": "text/plain"}))
    assert plain.status_code == 201  # any Content-Type is read as JSON
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as readme:
        section = readme.read().split("## JSON API (v1)")[1].split("\n## ")[0]
    for status, code in HTTP_CODES.items():
        if status != 500:
            assert f"| {status} | `{code}` |" in section, status
    assert "there is no 415" in section
