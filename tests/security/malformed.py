"""For test_bad_input.py: the malformed values sent, what a view reads (query arguments
and form fields, recorded while it runs), a snapshot of every table and of the blob
store's files to show that a refusal changed nothing, and a report line per failure that says how to reproduce it."""
import io
import json
import logging
import os
import traceback

from sqlalchemy import func, select

from eoffice import blobs
from eoffice.extensions import db
from eoffice.forms import Form
from eoffice.inputs import TextWithoutNul
from tests.factories import PDF_BYTES

HUGE = "99999999999999999999999"
NUL = "a\x00b"
LONG = "x" * 5000
UNICODE = "\u202eمرحبا दुनिया 🙂\u200f"

# name -> value; a list is the same key repeated
VALUES = {
    "huge": HUGE, "negative": "-1", "zero": "0", "word": "abc", "fraction": "1.5",
    "nul": NUL, "long": LONG, "bad date": "2026-13-45", "far date": "9999-12-31",
    "old date": "0001-01-01", "path": "../../etc/passwd", "unicode": UNICODE,
    "repeated": ["1", "abc", HUGE],
}


def _upload(content, name):
    return lambda: (io.BytesIO(content), name)


# Uploads are callables: each request reads a stream of its own.
FORM_VALUES = {
    **VALUES, "empty": "", "day 30 of February": "2026-02-30",
    "file": _upload(b"not a form value", "note.txt"),
    "not a PDF": _upload(b"<html><script>alert(1)</script>", "scan.pdf"),
    "empty file": _upload(b"", "scan.pdf"),
    "odd file name": _upload(PDF_BYTES, "..\\" + "\u202e" * 3 + "x" * 600 + "\x00.pdf"),
    "no file name": _upload(PDF_BYTES, ""),
}
# A form field's kind -> the values that may take another path through its field than
# "abc" does (to a text field, "-1" and "2026-13-45" are just more text); field_values()
# adds one of the others, taking turns through the sweep, so that each is still sent.
KIND_VALUES = {
    "text": ("huge", "nul", "long", "unicode", "repeated", "empty", "file"),
    "number": ("huge", "negative", "zero", "fraction", "word", "nul", "long", "repeated",
               "empty", "file"),
    "date": ("huge", "word", "bad date", "far date", "old date", "day 30 of February", "nul",
             "long", "repeated", "empty", "file"),
    "choice": ("huge", "negative", "zero", "fraction", "word", "nul", "long", "unicode",
               "repeated", "empty", "file"),
    "file": ("word", "long", "empty", "not a PDF", "empty file", "odd file name",
             "no file name"),
}
FIELD_KINDS = {
    "IntegerField": "number", "FloatField": "number", "DecimalField": "number",
    "DateField": "date", "DateTimeField": "date", "DayField": "date", "SelectField": "choice",
    "SelectMultipleField": "choice", "RadioField": "choice", "FileField": "file",
    "MultipleFileField": "file",
}


def field_values(kind, turn):
    """{label: value} for a field of `kind`: its own values and the turn-th other one."""
    others = [label for label in FORM_VALUES if label not in KIND_VALUES[kind]]
    labels = (*KIND_VALUES[kind], others[turn % len(others)])
    return {label: FORM_VALUES[label] for label in labels}


def field_kind(field):
    return FIELD_KINDS.get(field.type, "text")


def value_for_request(value):
    return value() if callable(value) else value


def shown(value):
    """A value as the report shows it: long ones cut, uploads named."""
    if callable(value):
        stream, name = value()
        return f"<upload {name[:40]!r}, {len(stream.getvalue())} bytes>"
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:40]}…({len(str(value))} chars)"


class _RecordingArgs(TextWithoutNul):
    """The portal's query arguments and form data, noting every name the view asks for."""
    read = set()

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None, type=None):  # noqa: A002
        self.read.add(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):  # noqa: A002
        self.read.add(key)
        return super().getlist(key, type)


def _where(trace):
    """ at the portal's line that raised, as area/module.py:line."""
    frames = [frame for frame in traceback.extract_tb(trace) if "/eoffice/" in frame.filename]
    if not frames:
        return ""
    return f" at {frames[-1].filename.rsplit('/eoffice/', 1)[1]}:{frames[-1].lineno}"


class _Collect(logging.Handler):
    def __init__(self, records):
        super().__init__(logging.WARNING)
        self.records = records

    def emit(self, record):
        self.records.append(record)


class Recorder:
    """Installed on an app: which query arguments and form fields its views read, which
    forms they validate, and the errors it logs while answering."""

    def __init__(self, app, monkeypatch):
        app.request_class = type("RecordingRequest", (app.request_class,),
                                 {"parameter_storage_class": _RecordingArgs})
        self.forms, self.logged = [], []
        validate = Form.validate

        def recording_validate(form, extra_validators=None):
            self.forms.append(form)
            return validate(form, extra_validators)

        monkeypatch.setattr(Form, "validate", recording_validate)
        self.logger, self.handler = app.logger, _Collect(self.logged)
        self.logger.addHandler(self.handler)

    def close(self):
        self.logger.removeHandler(self.handler)

    def start(self):
        _RecordingArgs.read.clear()
        self.forms.clear()
        self.logged.clear()

    def names_read(self):
        return set(_RecordingArgs.read) - {""}

    def fields(self):
        """{name: kind} of the fields of the forms validated since start()."""
        return {field.name: field_kind(field) for form in self.forms for field in form
                if field.name != "csrf_token"}

    def problem(self, response):
        """What went wrong inside, for a 5xx or a value only the database refused."""
        for record in reversed(self.logged):
            if record.exc_info:
                error = record.exc_info[1]
                return f"{type(error).__name__}: {str(error)[:200]}{_where(record.exc_info[2])}"
            if "refused by the database" in record.getMessage():
                return record.getMessage()[:300]
        return f"status {response.status_code}" if response is not None else "no answer"

    def database_refused(self):
        """The last-line handler answered: the value reached the database unchecked."""
        return any("refused by the database" in record.getMessage() for record in self.logged)


_SNAPSHOT = {}


def snapshot():
    """Rows of every table, and the sum of `version` where rows carry one: one query."""
    if "statement" not in _SNAPSHOT:
        columns = []
        for table in db.metadata.sorted_tables:
            columns.append(select(func.count()).select_from(table).scalar_subquery()
                           .label(table.name))
            if "version" in table.c:
                columns.append(select(func.coalesce(func.sum(table.c.version), 0))
                               .scalar_subquery().label(f"{table.name}_versions"))
        _SNAPSHOT["statement"] = select(*columns)
    db.session.rollback()  # what the request left unflushed or uncommitted is not saved
    rows = db.session.execute(_SNAPSHOT["statement"]).one()._asdict()
    return {**rows, "files in the blob store": _stored_files()}


def _stored_files():
    """Files under instance/blobs: a refusal stores no upload either."""
    return sum(len(files) for _folder, _dirs, files in os.walk(blobs.blob_root()))


def changes(before, after):
    return sorted(name for name in before if before[name] != after[name])


def nested(depth):
    value = []
    for _ in range(depth):
        value = [value]
    return value


# JSON values put in each field of an API body in turn
JSON_VALUES = {
    "null": None, "true": True, "fraction": 1.5, "huge": 10**30, "negative": -1, "zero": 0,
    "empty": "", "nul": NUL, "long": LONG, "list": [], "object": {}, "lone surrogate": "\ud800",
    "nested": nested(50), "bad date": "2026-13-45", "unicode": UNICODE,
}
MISSING = object()


def body_paths(body, prefix=()):
    """Every field of a JSON body, nested ones too (the first item of a list of objects)."""
    for name, value in body.items():
        yield (*prefix, name)
        if isinstance(value, dict):
            yield from body_paths(value, (*prefix, name))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            yield from body_paths(value[0], (*prefix, name, 0))


def with_value(body, path, value):
    """A deep copy of `body` with the field at `path` set to `value` (or left out)."""
    copy = json.loads(json.dumps(body))
    parent = copy
    for step in path[:-1]:
        parent = parent[step]
    if value is MISSING:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return copy


def raw_bodies(body):
    """(content type, bytes) that are not the JSON object an API route takes."""
    text = json.dumps(body)
    return {
        "an empty body": ("application/json", b""),
        "broken JSON": ("application/json", text[:-3].encode()),
        "bytes that are not UTF-8": ("application/json", b"\xff\xfe\x00{\x81"),
        "a JSON list": ("application/json", json.dumps([body]).encode()),
        "JSON null": ("application/json", b"null"),
        "a JSON string": ("application/json", b'"abc"'),
        "a number of 5,000 digits": ("application/json", b"9" * 5000),
        "NaN and Infinity": ("application/json", text.replace("}", ', "x": NaN, "y": -Infinity}',
                                                               1).encode()),
        "arrays nested 100,000 deep": ("application/json", b"[" * 100000 + b"]" * 100000),
        "objects nested 10,000 deep": ("application/json",
                                       b'{"a":' * 10000 + b"1" + b"}" * 10000),
        "the JSON as text/plain": ("text/plain", text.encode()),
        "a form instead of JSON": ("application/x-www-form-urlencoded",
                                   "&".join(f"{k}=x" for k in body).encode() or b"a=b"),
        "the same key twice": ("application/json",
                               text.replace("{", '{"subject": 1, ', 1).encode()),
    }
