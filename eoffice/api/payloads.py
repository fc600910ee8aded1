"""Request bodies and queries, checked against the schemas the OpenAPI document shows.

`json_body("ReceiptIn")` returns the body with dates as `date` objects, or raises a
400 (not JSON) or a 422 naming every field that is missing or wrong. Strings must be
valid Unicode without control characters, numbers must fit the database: bad input gets a
clear answer, never a 500.
"""
import json
import re
from datetime import date
from urllib.parse import parse_qsl

from email_validator import EmailNotValidError, validate_email
from flask import request

from ..dak.services import MAX_ATTACHMENTS
from ..errors import WorkflowError
from ..i18n import gettext as _
from ..inputs import CONTROL_CHARACTERS, FIRST_DAY, LAST_DAY
from ..models.dispatch import DISPATCH_MODES
from ..models.records import (
    FILE_CATEGORIES,
    GRADINGS,
    PRIORITIES,
    RECEIPT_CATEGORIES,
    RECEIPT_MODES,
)
from ..vocabulary import NORMAL_GRADING, NORMAL_PRIORITY
from .errors import Malformed
from .schema import MAX_ID, array, boolean, enum, identifier, integer, nullable, obj, ref, string
from .schema import date as date_schema

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# One rule for every text field of the API, note text included: C0 control characters
# (inputs.CONTROL_CHARACTERS: NUL to US, but tab, line feed and carriage return) are
# refused, never stored.
CONTROL = re.compile("[" + "".join(map(chr, CONTROL_CHARACTERS)) + "]")

REQUESTS = {
    "SenderIn": obj({
        "name": string(160, 1), "designation": string(160), "organisation": string(200),
        "address": string(400), "email": string(200, format="email"), "mobile": string(20),
    }, required=["name"]),
    "AttachmentIn": obj({
        "filename": string(200, 1),
        "content": string(min_length=1, contentEncoding="base64",
                          description="The file's bytes in base64: PDF, JPEG or PNG."),
    }),
    "ReceiptIn": obj({
        "subject": string(500, 1), "body": string(20000), "sender": ref("SenderIn"),
        "letter_no": string(120), "letter_date": nullable(date_schema()),
        "received_on": date_schema(description="Default: today."),
        "mode": enum(RECEIPT_MODES), "category": enum(RECEIPT_CATEGORIES),
        "grading": enum(GRADINGS, default=NORMAL_GRADING),
        "physical": boolean(default=False, description=(
            "A paper letter only tracked here: no attachments (422 if any are sent).")),
        "external_ref": string(120, 1, description=(
            "The sending system's own reference: the same value from the same client "
            "returns the receipt made first (200) instead of a new one.")),
        "attachments": array(ref("AttachmentIn"), MAX_ATTACHMENTS),
        "office": string(32, 1, description=(
            "Office code. Service tokens must name an office they are bound to; personal "
            "tokens may, to diarise for the post they hold there.")),
        "to_post": identifier(description="Hand the receipt on to this post at once."),
    }, required=["subject", "sender", "mode", "category"]),
    "FileIn": obj({
        "subject": string(500, 1), "category": enum(FILE_CATEGORIES),
        "head": string(40, 1, pattern="HEAD", description=(
            "The file head of the number; only its letters, digits and hyphens count, "
            "in capitals (numbering.clean_head), and there must be one.")),
        "physical": boolean(default=False), "grading": enum(GRADINGS, default=NORMAL_GRADING),
        "priority": enum(PRIORITIES, default=NORMAL_PRIORITY),
        "section": string(32, 1, description="Section code within the office."),
        "office": string(32, 1, description="Office code of the post to open it for."),
        "receipt_ids": array(identifier(), 50, uniqueItems=True),
    }, required=["subject", "category", "head"]),
    "NoteIn": obj({"text": string(50000, 1, description="HTML or plain text; sanitised.")}),
    "FileSendIn": obj({
        "to_post": identifier(), "remarks": string(1000), "priority": enum(PRIORITIES),
        "due_on": nullable(date_schema()), "version": identifier(),
        "password": string(128, 1, description="The sender's password: signs their draft "
                           "notes, which become final as the file leaves."),
    }, required=["to_post"]),
    "ReceiptSendIn": obj({
        "to_post": {"anyOf": [identifier(), array(identifier(), 10, minItems=1,
                                                   uniqueItems=True)],
                    "description": "One post, or several: each further one gets a copy."},
        "remarks": string(1000), "priority": enum(PRIORITIES),
        "due_on": nullable(date_schema()), "version": identifier(),
    }, required=["to_post"]),
    "DraftIn": obj({
        "subject": string(500, 1), "text": string(50000, 1, description="HTML or plain text; sanitised."),
        "language": enum(("en", "hi", "ur"), description="The letter's language; default the drafter's."),
    }, required=["subject", "text"]),
    "ApproveIn": obj({
        "password": string(128, 1, description="The approver's password: signs the approval."),
        "version": identifier(description="The version approved; a later one is a 409."),
    }, required=["password"]),
    "IssueIn": obj({
        "recipients": array(string(300, 1), 100, minItems=1, description=(
            "One line per recipient; those with an e-mail address get the signed PDF by e-mail.")),
        "mode": enum(DISPATCH_MODES),
    }, required=["recipients", "mode"]),
    "SignIn": obj({"secret": string(128, 1, description=(
        "The approving officer's token PIN or certificate password; used for this request "
        "only, never stored."))}),
    "ActionIn": obj({"remarks": string(1000), "version": identifier()}, required=[]),
    "CloseIn": obj({"reason": string(500, 1), "version": identifier()}, required=["reason"]),
}

_TEXT = "[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f]*"  # CONTROL, as JSON Schema
NO_CONTROLS = f"^{_TEXT}$"
PATTERNS = {"HEAD": f"^{_TEXT}[A-Za-z0-9-]{_TEXT}$"}  # and at least one character that counts
# A field that must be given takes at least one character that is not a space: the
# services read a blank name or subject as none at all. "Space" is spelt out as every
# character Python's strip() removes (NEL, no-break space...), since `\s` differs
# between the regex dialects that read the document.
_SPACES = "".join(f"\\u{code:04x}" for code in range(0x10000) if chr(code).isspace())
NOT_BLANK = f"^{_TEXT}[^{_SPACES}\\u0000-\\u001f]{_TEXT}$"


def say_no_controls(schema):
    """The document states the control-character rule on every free-text request field."""
    if schema.get("type") == "string" and not {"enum", "format"} & schema.keys():
        plain = NOT_BLANK if schema.get("minLength", 0) >= 1 else NO_CONTROLS
        schema["pattern"] = PATTERNS.get(schema.get("pattern"), plain)
    for sub in (*schema.get("properties", {}).values(), *schema.get("anyOf", ()),
                *([schema["items"]] if "items" in schema else ())):
        say_no_controls(sub)
    return schema


for _schema in REQUESTS.values():
    say_no_controls(_schema)

PAGING = {"page": integer(1, 100000, default=1), "per_page": integer(1, 100, default=25)}


def json_body(name, optional=False):
    """The request's JSON body checked against schema `name`."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        if optional:
            return {}
        raise Malformed(_("The request could not be understood."))
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise Malformed(_("The request could not be understood.")) from None
    return checked(data, REQUESTS[name])


def raw_query():
    """The query's values as sent, a list for each name: the API refuses control characters
    where the pages' request.args drops them (inputs.TextWithoutNul)."""
    values = {}
    for name, value in parse_qsl(request.query_string.decode("utf-8", "replace"),
                                 keep_blank_values=True, errors="replace"):
        values.setdefault(name, []).append(value)
    return values


def query(parameters):
    """Query parameters named in `parameters` ({name: schema}), converted and checked."""
    values, problems, sent = {}, {}, raw_query()
    for name in sent.keys() - parameters.keys():  # as a body's unknown field: not silently ignored
        problems[name[:64] or "(empty name)"] = "unknown"
    for name, schema in parameters.items():
        given = sent.get(name, [])
        if len(given) > 1:  # one value each: a repeated name is no single string or number
            problems[name] = "type"
            continue
        raw = given[0] if given else None
        if raw is None:  # given but empty is checked like any value (an empty enum is wrong)
            if "default" in schema:
                values[name] = schema["default"]
            continue
        if schema["type"] == "integer":
            if not re.fullmatch(r"-?[0-9]{1,12}(\.0*)?", raw):
                problems[name] = "type"
                continue
            raw = int(float(raw))
        values[name] = _clean(raw, schema, name, problems)
    if problems:
        raise invalid(problems)
    return values


def checked(data, schema):
    problems = {}
    value = _clean(data, schema, "", problems)
    if problems:
        if "" in problems:
            raise Malformed(_("The request could not be understood."))
        raise invalid(problems)
    return value


def invalid(problems):
    return WorkflowError(_("Some fields are missing or not valid: %(fields)s.",
                           fields=", ".join(sorted(problems))), problems)


def _type_ok(value, kind):
    if kind == "null":
        return value is None
    if kind == "integer":  # 50643.0 is an integer to JSON Schema too
        return (isinstance(value, int) and not isinstance(value, bool)
                or isinstance(value, float) and value.is_integer())
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, {"string": str, "boolean": bool, "array": list,
                              "object": dict}[kind])


def _clean(value, schema, path, problems):
    if "$ref" in schema:
        return _clean(value, REQUESTS[schema["$ref"].rsplit("/", 1)[1]], path, problems)
    if "anyOf" in schema:
        for option in schema["anyOf"]:
            trial = {}
            cleaned = _clean(value, option, path, trial)
            if not trial:
                return cleaned
        problems[path] = "type"
        return None
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    kind = next((k for k in kinds if _type_ok(value, k)), None)
    if kind is None:
        problems[path] = "type"
    elif kind == "string":
        return _clean_string(value, schema, path, problems)
    elif kind == "integer":
        value = int(value)
        if value < schema.get("minimum", -MAX_ID) or value > schema.get("maximum", MAX_ID):
            problems[path] = "range"
        return value
    elif kind == "array":
        return _clean_array(value, schema, path, problems)
    elif kind == "object":
        return _clean_object(value, schema, path, problems)
    return value


def _clean_string(value, schema, path, problems):
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        problems[path] = "encoding"
        return None
    if CONTROL.search(value):
        problems[path] = "control_character"
    elif len(value) > schema.get("maxLength", len(value)):
        problems[path] = "too_long"
    elif len(value) < schema.get("minLength", 0) or (schema.get("minLength") and not value.strip()):
        problems[path] = "required"
    elif "enum" in schema and value not in schema["enum"]:
        problems[path] = "invalid"
    elif "pattern" in schema and not re.search(schema["pattern"], value):
        problems[path] = "invalid"
    elif schema.get("format") == "date":
        return _date(value, path, problems)
    elif schema.get("format") == "email" and value:
        try:
            validate_email(value, check_deliverability=False)
        except EmailNotValidError:
            problems[path] = "invalid"
    return value


def _date(value, path, problems):
    """A day of the calendar, within the years the portal counts with (inputs.py)."""
    try:
        day = date.fromisoformat(value) if DATE.match(value) else None
    except ValueError:
        day = None
    if day is None:
        problems[path] = "invalid"
    elif not FIRST_DAY <= day <= LAST_DAY:
        problems[path] = "range"
    else:
        return day
    return None


def _clean_array(value, schema, path, problems):
    if len(value) > schema.get("maxItems", len(value)) or len(value) < schema.get("minItems", 0):
        problems[path] = "count"
        return value
    items = [_clean(item, schema["items"], f"{path}.{index}", problems)
             for index, item in enumerate(value)]
    if schema.get("uniqueItems") and len(set(map(repr, items))) != len(items):
        problems[path] = "duplicates"
    return items


def _clean_object(value, schema, path, problems):
    prefix = f"{path}." if path else ""
    cleaned = {}
    for name in value:
        if name not in schema["properties"]:
            problems[prefix + name] = "unknown"
    for name in schema.get("required", ()):
        if name not in value:
            problems[prefix + name] = "required"
    for name, sub_schema in schema["properties"].items():
        if name in value:
            cleaned[name] = _clean(value[name], sub_schema, prefix + name, problems)
    return cleaned
