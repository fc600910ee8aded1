"""The OpenAPI 3.1 document of API v1, served at /api/v1/openapi.json.

Request schemas come from payloads.py (which checks requests against them), response
schemas from serializers.py (beside the code that makes each answer), and the query
parameters from the routes' own query dicts: one source for behaviour and description.
"""
from flask import jsonify

from .actions import ACTIONS
from .blueprint import bp
from .lists import ADOPTION_QUERY, INBOX_QUERY, SEARCH_QUERY
from .me import POSTS_QUERY
from .payloads import REQUESTS, say_no_controls
from .receipts import RECEIPTS_QUERY
from .schema import identifier, ref
from .serializers import SCHEMAS, page_schema

PREFIX = "/api/v1"
ERRORS = {
    400: ("BadRequest", "The body is not JSON, or not an object."),
    401: ("Unauthorized", "No token, or a wrong, revoked or unknown one."),
    403: ("Forbidden", "The token's user (or client) may not do this."),
    404: ("NotFound", "No such item, or not one the caller may see."),
    409: ("Conflict", "The item moved meanwhile, or `version` is stale."),
    413: ("TooLarge", "The request or an attachment is too large."),
    414: ("UriTooLong", "The query string is longer than 4 KB."),
    422: ("Invalid", "Fields missing or invalid (`fields` names each one), or the workflow "
                     "refuses the request as it stands: e.g. a parked item cannot be sent, "
                     "an office code that names no office the caller may act for, a date "
                     "in the future or a receipt already in a file."),
    429: ("RateLimited", "Too many requests with this token; see Retry-After."),
}
READ = (401, 404, 429)
LIST = (401, 403, 414, 422, 429)
WRITE = (400, 401, 403, 404, 409, 413, 422, 429)
ITEM_ID = {"name": "id", "in": "path", "required": True, "schema": identifier()}
DESCRIPTION = (
    "The e-Office workflow for other systems. Authenticate every request with "
    "`Authorization: Bearer <token>`. Personal tokens act as their user, with the same "
    "permissions as the pages; service tokens act for a client bound to offices and may "
    "only create and read the receipts they created. Dates are ISO 8601 (moments in UTC). "
    "Errors are `{\"error\": {\"code\", \"message\", \"fields\"?}}`.")


def _parameters(query):
    return [{"name": name, "in": "query", "required": False,
             "schema": say_no_controls(dict(schema))} for name, schema in query.items()]


def _operation(summary, schema, errors, status=200, body=None, body_required=True,
               query=None, item=False, also=None):
    responses = {str(status): _json(schema, summary)}
    for code, (text, alt) in (also or {}).items():
        responses[str(code)] = _json(alt, text)
    for code in errors:
        responses[str(code)] = {"$ref": f"#/components/responses/{ERRORS[code][0]}"}
    operation = {"summary": summary, "operationId": summary.lower().replace(" ", "_")
                 .replace(",", "").replace("'", ""), "responses": responses}
    parameters = ([ITEM_ID] if item else []) + _parameters(query or {})
    if parameters:
        operation["parameters"] = parameters
    if body:
        operation["requestBody"] = {"required": body_required,
                                    "content": {"application/json": {"schema": ref(body)}}}
    return operation


def _pdf_operation():
    operation = _operation("The letter as PDF", {"type": "object"}, READ, item=True)
    operation["responses"]["200"] = {
        "description": "The final letter (signed, or saying it is unsigned), the same bytes "
                       "at every fetch.",
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}
    return operation


def _json(schema, description):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _item_actions(paths):
    for kind, schema, send_body in (("files", ref("File"), "FileSendIn"),
                                    ("receipts", ref("Receipt"), "ReceiptSendIn")):
        noun = kind[:-1]
        paths[f"{PREFIX}/{kind}/{{id}}/send"] = {"post": _operation(
            f"Send a {noun}", schema, WRITE, body=send_body, item=True)}
        for action, (body, _perform) in ACTIONS.items():
            paths[f"{PREFIX}/{kind}/{{id}}/{action}"] = {"post": _operation(
                f"{action.replace('-', ' ').capitalize()} a {noun}", schema, WRITE, body=body,
                body_required=body != "ActionIn", item=True)}


def document():
    paths = {
        f"{PREFIX}/me": {"get": _operation("Who am I", ref("Me"), (401, 429))},
        f"{PREFIX}/posts": {"get": _operation("Address book", page_schema(ref("Post")), LIST,
                                              query=POSTS_QUERY)},
        f"{PREFIX}/receipts": {
            "post": _operation("Diarise a receipt", ref("ReceiptCreated"), WRITE, status=201,
                               body="ReceiptIn", also={200: (
                                   "Already made from this external_ref", ref("ReceiptCreated"))}),
            "get": _operation("List receipts", page_schema(ref("Receipt")), (401, 414, 422, 429),
                              query=RECEIPTS_QUERY),
        },
        f"{PREFIX}/receipts/{{id}}": {"get": _operation("Read a receipt", ref("Receipt"), READ,
                                                        item=True)},
        f"{PREFIX}/files": {"post": _operation("Open a file", ref("File"), WRITE, status=201,
                                               body="FileIn")},
        f"{PREFIX}/files/{{id}}": {"get": _operation("Read a file", ref("FileDetail"),
                                                     (401, 403, 404, 409, 429), item=True)},
        f"{PREFIX}/files/{{id}}/notes": {"post": _operation(
            "Write a note", ref("Note"), WRITE, status=201, body="NoteIn", item=True)},
        f"{PREFIX}/files/{{id}}/drafts": {"post": _operation(
            "Draft a letter", ref("Draft"), WRITE, status=201, body="DraftIn", item=True)},
        f"{PREFIX}/drafts/{{id}}/approve": {"post": _operation(
            "Approve a draft", ref("Draft"), WRITE, body="ApproveIn", item=True)},
        f"{PREFIX}/drafts/{{id}}/issue": {"post": _operation(
            "Issue a letter", ref("Dispatch"), WRITE, status=201, body="IssueIn", item=True)},
        f"{PREFIX}/dispatches/{{id}}": {"get": _operation(
            "Read an issued letter", ref("Dispatch"), READ, item=True)},
        f"{PREFIX}/dispatches/{{id}}/sign": {"post": _operation(
            "Sign a letter", ref("Dispatch"), WRITE, body="SignIn", item=True)},
        f"{PREFIX}/dispatches/{{id}}/pdf": {"get": _pdf_operation()},
        f"{PREFIX}/inbox": {"get": _operation("Inbox", page_schema(ref("InboxItem")), LIST,
                                              query=INBOX_QUERY)},
        f"{PREFIX}/search": {"get": _operation("Search", page_schema(ref("SearchHit")),
                                               (401, 403, 404, 414, 422, 429), query=SEARCH_QUERY)},
        f"{PREFIX}/stats/adoption": {"get": _operation(
            "Adoption figures", ref("Adoption"), (401, 403, 404, 414, 422, 429),
            query=ADOPTION_QUERY)},
        f"{PREFIX}/openapi.json": {"get": {
            **_operation("This document", {"type": "object"}, (429,)), "security": []}},
    }
    _item_actions(paths)
    return {
        "openapi": "3.1.0",
        "info": {"title": "eoffice API", "version": "1", "description": DESCRIPTION},
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "A personal or service token."}},
            "schemas": {**REQUESTS, **SCHEMAS},
            "responses": {name: _json(ref("Error"), text) for name, text in ERRORS.values()},
        },
    }


@bp.get("/openapi.json")
def openapi():
    return jsonify(document())
