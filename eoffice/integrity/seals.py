"""Seals: a keyed MAC (HMAC-SHA256 with the audit key, which is not in the database)
over each record's fields that matter, so a row rewritten from SQL (plain hashes
recomputed and all) no longer matches its seal, and `verify` names it.

What is sealed is declared once, in SEALED: a file's and a receipt's cover (number,
office, subject, grading, kind, electronic or physical, status and holder), every note
(its text, author, paragraph and place in the chain), every movement, signature and
attachment record. The ORM seals a row as it inserts or updates it (mapper events), the
synthesiser through `seal_values`; the seal never covers the surrogate id, which is not
known before an insert and cannot be updated afterwards in the append-only tables; each
record's own number (or its file and paragraph) stands in for it.
"""
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from flask import current_app
from sqlalchemy import Boolean, Date, DateTime, Integer, event, func, select

from ..extensions import db
from ..keyed_mac import keyed_mac
from ..models import Attachment, EFile, Movement, Note, Receipt, Signature

STREAM = {"yield_per": 5000}
SHOWN_PER_CHECK = 50  # problems listed one by one; beyond that, counted


@dataclass
class Sealing:
    model: type
    fields: tuple
    label: str  # how a problem names the row: str.format over the row's columns
    label_columns: tuple = ()


MOVABLE_COVER = ("office_id", "subject", "grading", "is_electronic", "category", "status",
                 "holder_post_id", "created_by_id", "created_by_post_id")
SEALED = {
    "efile": Sealing(EFile, ("file_no", *MOVABLE_COVER, "head", "closed_at", "close_reason"),
                     "file {file_no} (id {id})", ("file_no",)),
    "receipt": Sealing(Receipt, ("diary_no", "copy_no", "copy_of_id", *MOVABLE_COVER, "mode",
                                 "sender_name", "sender_organisation", "letter_no",
                                 "letter_date", "received_on", "efile_id"),
                       "receipt {diary_no} (id {id})", ("diary_no",)),
    "note": Sealing(Note, ("efile_id", "seq", "author_id", "post_id", "author_name",
                           "designation", "body_html", "status", "finalised_at",
                           "signature_id", "prev_hash", "hash"),
                    "note {id} (file id {efile_id}, paragraph {seq})", ("efile_id", "seq")),
    "movement": Sealing(Movement, ("efile_id", "receipt_id", "action", "from_post_id",
                                   "to_post_id", "by_post_id", "by_user_id", "remarks",
                                   "remark_key", "remark_args", "priority", "due_on", "at"),
                        "movement {id}"),
    "signature": Sealing(Signature, ("user_id", "post_id", "purpose", "method",
                                     "payload_sha256", "signed_at"), "signature {id}"),
    "attachment": Sealing(Attachment, ("receipt_id", "sha256", "filename", "content_type",
                                       "size", "uploaded_by_id", "uploaded_at"),
                          "attachment {id} (receipt id {receipt_id})", ("receipt_id",)),
}


def _plain_datetime(value):
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.isoformat()


def _normaliser(column):
    """The same text for a value as assigned and as read back (int, bool, date...)."""
    kind = column.type
    if isinstance(kind, Boolean):
        return lambda v: int(bool(v))
    if isinstance(kind, DateTime):
        return _plain_datetime
    if isinstance(kind, Date):
        return lambda v: (v.date() if isinstance(v, datetime) else v).isoformat()
    if isinstance(kind, Integer):
        return int
    if isinstance(kind, db.JSON):
        return lambda v: v
    return str


def _plan(sealing):
    table = sealing.model.__table__
    plan = []
    for name in sealing.fields:
        column = table.c[name]
        default = column.default
        if default is not None and not default.is_scalar:
            raise RuntimeError(f"{table.name}.{name}: a sealed column needs a plain default")
        plan.append((name, _normaliser(column), default.arg if default is not None else None))
    return plan


PLANS = {kind: _plan(sealing) for kind, sealing in SEALED.items()}
# read back from the database, text and integer columns already are what `str` and `int`
# make of them (and a value of another type, written from SQL, is reported, not cast)
READ_AS_IS = (str, int)


def _reading_plan(kind, positions):
    """(position in the row, normaliser or None, the normalised default) per sealed field,
    for checking rows as read."""
    return [(position, None if normal in READ_AS_IS else normal,
             None if default is None else normal(default))
            for position, (_name, normal, default) in zip(positions, PLANS[kind])]


# one encoder for every seal (json.dumps with options builds one per call); keys sorted
# for the JSON columns (a movement's remark_args)
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def audit_key():
    """The audit key's MAC, to pass to `seal_values` when sealing or checking many rows
    (the application's config is then read once, not per row)."""
    return keyed_mac(current_app.config["AUDIT_KEY"].encode())


def _mac(kind, values, key=None):
    return (key or audit_key()).hexdigest(_ENCODER.encode([kind, values]).encode())


def _normalised(plan, raw):
    """The values a seal covers, in the plan's order, from the raw column values."""
    values = []
    for (_name, normal, default), value in zip(plan, raw):
        if value is None:
            value = default
        values.append(None if value is None else normal(value))
    return values


def seal_values(kind, get, key=None):
    """The seal of one row; `get(name)` gives a column's value (None: the default).
    `key`: `audit_key()`, when sealing many rows."""
    plan = PLANS[kind]
    return _mac(kind, _normalised(plan, [get(name) for name, _n, _d in plan]), key)


def seal_of(kind, row):
    return seal_values(kind, lambda name: getattr(row, name))


def _seal_before_write(kind):
    def seal(_mapper, _connection, target):
        for name, _normal, default in PLANS[kind]:
            if default is not None and getattr(target, name) is None:
                setattr(target, name, default)  # what the INSERT will write
        target.seal = seal_of(kind, target)
    return seal


for _kind, _sealing in SEALED.items():
    event.listen(_sealing.model, "before_insert", _seal_before_write(_kind))
    event.listen(_sealing.model, "before_update", _seal_before_write(_kind))


def check(kind):
    """Problems of one sealed table: rows whose fields no longer match their seal, and
    rows never sealed (counted in one line)."""
    sealing = SEALED[kind]
    table = sealing.model.__table__
    names = list(dict.fromkeys(["id", "seal", *sealing.fields, *sealing.label_columns]))
    # plain tuples, read by position: a million rows, no mapping look-ups per value
    reading = _reading_plan(kind, [names.index(name) for name in sealing.fields])
    key = audit_key()
    rows = db.session.connection().execute(
        select(*(table.c[n] for n in names)).order_by(table.c.id).execution_options(**STREAM))
    problems, broken, unsealed = [], 0, 0
    for row in rows:
        seal = row[1]
        if seal is None:
            unsealed += 1
            continue
        try:
            expected = _mac(kind, [default if (value := row[i]) is None else
                                   (value if normal is None else normal(value))
                                   for i, normal, default in reading], key)
        except (TypeError, ValueError):  # e.g. bytes or text where the portal writes a date
            expected = ""
        if not hmac.compare_digest(seal, expected):
            broken += 1
            if broken <= SHOWN_PER_CHECK:
                problems.append(sealing.label.format(**row._mapping) +
                                ": changed outside the portal (does not match its seal)")
    if broken > SHOWN_PER_CHECK:
        problems.append(f"... and {broken - SHOWN_PER_CHECK:,} more {table.name} rows "
                        "that do not match their seals")
    if unsealed:
        problems.append(f"{unsealed:,} {table.name} row(s) have no seal: run "
                        "`flask --app app eoffice reseal` once after upgrading")
    return problems


def unsealed_counts():
    return {kind: db.session.scalar(select(func.count()).select_from(sealing.model)
                                    .where(sealing.model.seal.is_(None)))
            for kind, sealing in SEALED.items()}


def checks():
    """(check name, fn) for `verify`, one per sealed table."""
    return [(f"seals: {SEALED[kind].model.__table__.name}", lambda kind=kind: check(kind))
            for kind in SEALED]
