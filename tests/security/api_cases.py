"""Valid API requests, one per route of /api/v1, for test_bad_input.py to spoil: each
case makes what its request needs (a fresh item of the section officer, in the state the
action needs) and returns (url, valid body) for a POST or (url, valid query) for a GET."""
from tests.api.conftest import application
from tests.factories import PASSWORD, make_file, make_receipt
from tests.security.test_access_matrix import POST_OK


def _so(org):
    return org["users"]["so.srinagar"]


def _on_item(action, kind, body):
    """The access matrix's movement case makes the item; body(org) is the valid body."""
    def case(org):
        url, data = POST_OK[f"movement.{action.replace('-', '_')}[{kind}]"][2](org, _so(org))
        return "/api/v1" + url, {**body(org), "version": data["version"]}
    return case


def _send_body(kind):
    def body(org):
        adc = org["posts"]["adc"].id
        fields = {"remarks": "For approval", "priority": "most_immediate", "due_on": "2999-01-01"}
        if kind == "files":
            return {"to_post": adc, "password": PASSWORD, **fields}
        return {"to_post": [adc], **fields}
    return body


API_ACTION_BODIES = {"pull-back": {}, "park": {"remarks": "Awaiting report"}, "unpark": {},
                     "close": {"reason": "Disposed of"}, "reopen": {"remarks": "Again"}}
# key -> (user of the token, case(org) -> (url, valid body))
API_POSTS = {
    "api.create_receipt": ("so.srinagar", lambda org: ("/api/v1/receipts", application(
        to_post=org["posts"]["adc"].id))),
    "api.create_file": ("so.srinagar", lambda org: ("/api/v1/files", {
        "subject": "Repair of Khanyar road", "category": "works", "head": "WRK",
        "physical": False, "grading": "normal", "priority": "normal", "section": "GEN",
        "office": "DC-SGR", "receipt_ids": [make_receipt(_so(org)).id]})),
    "api.add_note": ("so.srinagar", lambda org: (
        f"/api/v1/files/{make_file(_so(org)).id}/notes", {"text": "<p>Seen. Put up.</p>"})),
    **{f"api.send[{kind}]": ("so.srinagar", _on_item("send", kind, _send_body(kind)))
       for kind in ("files", "receipts")},
    **{f"api.act[{kind}/{action}]": ("so.srinagar", _on_item(
        action, kind, lambda org, body=body: body))
       for kind in ("files", "receipts") for action, body in API_ACTION_BODIES.items()},
}
# key -> (user of the token, case(org) -> (url, valid query))
API_GETS = {
    "api.file": ("so.srinagar", lambda org: (f"/api/v1/files/{make_file(_so(org)).id}", {})),
    "api.receipt": ("so.srinagar", lambda org: (
        f"/api/v1/receipts/{make_receipt(_so(org)).id}", {})),
    "api.inbox": ("so.srinagar", lambda org: ("/api/v1/inbox", {"view": "inbox"})),
    "api.me": ("so.srinagar", lambda org: ("/api/v1/me", {})),
    "api.openapi": ("so.srinagar", lambda org: ("/api/v1/openapi.json", {})),
    "api.posts": ("so.srinagar", lambda org: ("/api/v1/posts", {"q": "adc"})),
    "api.receipts": ("so.srinagar", lambda org: ("/api/v1/receipts", {})),
    "api.search": ("so.srinagar", lambda org: ("/api/v1/search", {"q": "land"})),
    "api.adoption": ("cs.it", lambda org: ("/api/v1/stats/adoption", {"unit": "SGR"})),
}
