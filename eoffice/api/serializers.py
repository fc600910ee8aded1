"""Objects as JSON, each serializer beside the schema that describes its output.

Dates are ISO 8601: days as YYYY-MM-DD, moments in UTC as YYYY-MM-DDTHH:MM:SSZ.
"""
from decimal import Decimal

from ..labels import movement_remarks
from ..models.dispatch import DISPATCH_MODES
from ..models.movement import ACTIONS
from ..models.records import (
    FILE_CATEGORIES,
    GRADINGS,
    PRIORITIES,
    RECEIPT_CATEGORIES,
    RECEIPT_MODES,
)
from ..vocabulary import FILE_STATUSES, LETTER_STATUSES, NOTE_STATUSES, RECEIPT_STATUSES
from .schema import (
    array,
    boolean,
    date,
    datetime,
    enum,
    identifier,
    integer,
    nullable,
    number,
    obj,
    ref,
    string,
)

SCHEMAS = {}


def day(value):
    return value.isoformat() if value else None


def moment(value):
    return value.replace(microsecond=0).isoformat() + "Z" if value else None


SCHEMAS["OfficeRef"] = obj({"code": string(), "name": string()})


def office_ref(office):
    return {"code": office.code, "name": office.name}


SCHEMAS["PostRef"] = obj({"id": identifier(), "label": string(), "designation": string(),
                          "office": ref("OfficeRef")})


def post_ref(post):
    if post is None:
        return None
    return {"id": post.id, "label": post.label, "designation": post.designation,
            "office": office_ref(post.office)}


SCHEMAS["Post"] = obj({"id": identifier(), "label": string(), "designation": string(),
                       "office": ref("OfficeRef"), "section": nullable(string()),
                       "reports_to": nullable(identifier()),
                       "holders": array(string(), description="Names of who hold it today.")})


def post_entry(post, holders):
    return {**post_ref(post), "section": post.section.code if post.section else None,
            "reports_to": post.reports_to_id, "holders": holders.get(post.id, [])}


SCHEMAS["Me"] = obj({
    "username": string(), "name": string(), "roles": array(string()),
    "posts": array(ref("PostRef")),
    "token": obj({"kind": enum(("personal", "service")), "name": string(),
                  "offices": array(ref("OfficeRef"))}),
})


def me(user, token):
    return {"username": user.username, "name": user.name, "roles": sorted(user.roles),
            "posts": [post_ref(post) for post in user.current_posts()],
            "token": {"kind": token.kind, "name": token.name,
                      "offices": [office_ref(office) for office in token.offices]}}


SCHEMAS["Movement"] = obj({
    "id": identifier(), "action": enum(ACTIONS), "at": datetime(),
    "by": obj({"name": string(), "post": nullable(ref("PostRef"))}),
    "from": nullable(ref("PostRef")), "to": nullable(ref("PostRef")), "remarks": string(),
    "priority": nullable(enum(PRIORITIES)), "due_on": nullable(date()),
})


def movement(row):
    return {"id": row.id, "action": row.action, "at": moment(row.at),
            "by": {"name": row.by_user.name, "post": post_ref(row.by_post)},
            "from": post_ref(row.from_post), "to": post_ref(row.to_post),
            "remarks": movement_remarks(row), "priority": row.priority, "due_on": day(row.due_on)}


SCHEMAS["LastMovement"] = nullable(obj({
    "action": enum(ACTIONS), "at": datetime(), "from": nullable(ref("PostRef")),
    "to": nullable(ref("PostRef")),
}, description="The latest step, of the receipt or of the file it went into; no remarks."))


def last_movement(row):
    if row is None:
        return None
    return {"action": row.action, "at": moment(row.at), "from": post_ref(row.from_post),
            "to": post_ref(row.to_post)}


SCHEMAS["Attachment"] = obj({"id": identifier(), "filename": string(),
                             "content_type": string(), "size": integer(0), "sha256": string()})


def attachment(row):
    return {"id": row.id, "filename": row.filename, "content_type": row.content_type,
            "size": row.size, "sha256": row.sha256}


SCHEMAS["FileRef"] = obj({
    "id": identifier(), "file_no": string(), "status": enum(FILE_STATUSES),
    "holder": nullable(ref("PostRef")),
}, description="Its holder is left out (null) for confidential and higher files.")


def file_ref(efile):
    if efile is None:
        return None
    holder = None if efile.is_restricted() else post_ref(efile.holder_post)
    return {"id": efile.id, "file_no": efile.file_no, "status": efile.status, "holder": holder}


SCHEMAS["Sender"] = obj({"name": string(), "designation": string(), "organisation": string(),
                         "address": string(), "email": string(), "mobile": string()})

SCHEMAS["Receipt"] = obj({
    "id": identifier(), "kind": enum(("receipt",)), "diary_no": string(), "subject": string(),
    "body": string(), "sender": ref("Sender"), "letter_no": string(),
    "letter_date": nullable(date()), "received_on": date(), "diarised_at": datetime(),
    "mode": enum(RECEIPT_MODES), "category": enum(RECEIPT_CATEGORIES), "grading": enum(GRADINGS),
    "electronic": boolean(), "external_ref": nullable(string()), "office": ref("OfficeRef"),
    "status": enum(RECEIPT_STATUSES), "holder": nullable(ref("PostRef")),
    "holder_since": datetime(), "read": boolean(), "priority": enum(PRIORITIES),
    "due_on": nullable(date()), "copy_of": nullable(identifier()), "file": nullable(ref("FileRef")),
    "last_movement": ref("LastMovement"), "attachments": array(ref("Attachment")),
    "version": identifier(),
})


def receipt(item, last=None):
    return {
        "id": item.id, "kind": "receipt", "diary_no": item.diary_no, "subject": item.subject,
        "body": item.body or "",
        "sender": {"name": item.sender_name, "designation": item.sender_designation or "",
                   "organisation": item.sender_organisation or "",
                   "address": item.sender_address or "", "email": item.sender_email or "",
                   "mobile": item.sender_mobile or ""},
        "letter_no": item.letter_no or "", "letter_date": day(item.letter_date),
        "received_on": day(item.received_on), "diarised_at": moment(item.diarised_at),
        "mode": item.mode, "category": item.category, "grading": item.grading,
        "electronic": item.is_electronic, "external_ref": item.external_ref,
        "office": office_ref(item.office), "status": item.status,
        "holder": post_ref(item.holder_post), "holder_since": moment(item.holder_since),
        "read": item.read_at is not None, "priority": item.priority, "due_on": day(item.due_on),
        "copy_of": item.copy_of_id, "file": file_ref(item.efile),
        "last_movement": last_movement(last),
        "attachments": [attachment(row) for row in item.attachments], "version": item.version,
    }


SCHEMAS["ReceiptCreated"] = obj({
    "id": identifier(), "diary_no": string(), "status": enum(RECEIPT_STATUSES),
    "holder": nullable(ref("PostRef")), "external_ref": nullable(string()),
    "receipt": ref("Receipt"),
})


def receipt_created(item, last=None):
    return {"id": item.id, "diary_no": item.diary_no, "status": item.status,
            "holder": post_ref(item.holder_post), "external_ref": item.external_ref,
            "receipt": receipt(item, last)}


SCHEMAS["File"] = obj({
    "id": identifier(), "kind": enum(("file",)), "file_no": string(), "subject": string(),
    "category": enum(FILE_CATEGORIES), "head": string(), "physical": boolean(),
    "grading": enum(GRADINGS), "status": enum(FILE_STATUSES), "priority": enum(PRIORITIES),
    "due_on": nullable(date()), "office": ref("OfficeRef"), "section": nullable(string()),
    "created_at": datetime(), "created_by": ref("PostRef"), "closed_at": nullable(datetime()),
    "close_reason": nullable(string()), "holder": nullable(ref("PostRef")),
    "holder_since": datetime(), "sent_by": nullable(ref("PostRef")), "read": boolean(),
    "version": identifier(),
})


def efile(item):
    return {
        "id": item.id, "kind": "file", "file_no": item.file_no, "subject": item.subject,
        "category": item.category, "head": item.head, "physical": not item.is_electronic,
        "grading": item.grading, "status": item.status, "priority": item.priority,
        "due_on": day(item.due_on), "office": office_ref(item.office),
        "section": item.section.code if item.section else None,
        "created_at": moment(item.created_at), "created_by": post_ref(item.created_by_post),
        "closed_at": moment(item.closed_at), "close_reason": item.close_reason,
        "holder": post_ref(item.holder_post), "holder_since": moment(item.holder_since),
        "sent_by": post_ref(item.sent_by_post), "read": item.read_at is not None,
        "version": item.version,
    }


SCHEMAS["Note"] = obj({
    "id": identifier(), "seq": integer(1), "status": enum(NOTE_STATUSES),
    "body_html": string(), "author": obj({"name": string(), "designation": string()}),
    "created_at": datetime(), "finalised_at": nullable(datetime()),
})


def note(row):
    return {"id": row.id, "seq": row.seq, "status": row.status, "body_html": row.body_html,
            "author": {"name": row.author_name, "designation": row.designation},
            "created_at": moment(row.created_at),
            "finalised_at": moment(getattr(row, "finalised_at", None))}


SCHEMAS["Correspondence"] = obj({
    "id": identifier(), "diary_no": string(), "subject": string(), "sender": string(),
    "received_on": date(), "attachments": array(ref("Attachment")),
})


def correspondence(item):
    return {"id": item.id, "diary_no": item.diary_no, "subject": item.subject,
            "sender": item.sender_name, "received_on": day(item.received_on),
            "attachments": [attachment(row) for row in item.attachments]}


SCHEMAS["FileDetail"] = obj({
    "file": ref("File"), "notes": array(ref("Note")),
    "correspondence": array(ref("Correspondence")), "movements": array(ref("Movement")),
})


def file_detail(item, notes, movements):
    return {"file": efile(item), "notes": [note(row) for row in notes],
            "correspondence": [correspondence(r) for r in item.receipts],
            "movements": [movement(row) for row in movements]}


SCHEMAS["InboxItem"] = obj({
    "kind": enum(("file", "receipt")), "id": identifier(), "number": string(),
    "subject": string(), "status": string(), "priority": enum(PRIORITIES),
    "due_on": nullable(date()), "grading": enum(GRADINGS), "electronic": boolean(),
    "holder": nullable(ref("PostRef")), "holder_since": datetime(),
    "sent_by": nullable(ref("PostRef")), "read": boolean(), "version": identifier(),
})


def inbox_item(item):
    return {"kind": item.kind, "id": item.id, "number": item.number, "subject": item.subject,
            "status": item.status, "priority": item.priority, "due_on": day(item.due_on),
            "grading": item.grading, "electronic": item.is_electronic,
            "holder": post_ref(item.holder_post), "holder_since": moment(item.holder_since),
            "sent_by": post_ref(item.sent_by_post), "read": item.read_at is not None,
            "version": item.version}


SCHEMAS["SearchHit"] = obj({"item": ref("InboxItem"), "snippet": nullable(string())})


def search_hit(hit):
    item = getattr(hit, "item", hit)
    return {"item": inbox_item(item), "snippet": getattr(hit, "snippet", None)}


SCHEMAS["UnitRef"] = obj({"code": string(), "name": string()})

SHARE = nullable(number(minimum=0, maximum=1))
SCHEMAS["Adoption"] = {
    "type": "object",
    "properties": {
        "unit": ref("UnitRef"), "from": date(), "to": date(),
        **{name: integer(0) for name in (
            "e_files", "physical_files", "e_receipts", "physical_receipts", "movements",
            "active_users", "users_onboarded", "files_closed", "overdue")},
        "e_file_share": SHARE, "e_receipt_share": SHARE,
        "median_disposal_days": nullable(number(minimum=0)),
        "avg_levels_per_closed_file": nullable(number(minimum=0)),
        "pending_by_age": obj({bucket: integer(0) for bucket in ("0-7", "8-15", "16-30", "30+")}),
    },
    "required": ["unit", "from", "to", "e_files", "physical_files", "e_receipts",
                 "physical_receipts", "e_file_share", "e_receipt_share", "movements",
                 "active_users", "users_onboarded", "files_closed", "median_disposal_days",
                 "pending_by_age", "overdue", "avg_levels_per_closed_file"],
    "description": "The adoption dashboard's figures; further figures may be added.",
}


def adoption(unit, start, end, figures):
    plain = {key: float(value) if isinstance(value, Decimal) else value
             for key, value in figures.items()}
    return {**plain, "unit": {"code": unit.code, "name": unit.name}, "from": day(start),
            "to": day(end)}


def page_schema(item_schema):
    return obj({"items": array(item_schema), "page": integer(1), "pages": integer(1),
                "total": integer(0)})


def page_of(found, serialize):
    return {"items": [serialize(item) for item in found.items], "page": found.page,
            "pages": found.pages, "total": found.total}


SCHEMAS["Error"] = obj({"error": obj({
    "code": string(), "message": string(),
    "fields": {"type": "object", "additionalProperties": string(),
               "description": "Field name (dotted for nested ones) -> what is wrong."},
}, required=["code", "message"])})


SCHEMAS["Draft"] = obj({
    "id": identifier(), "file_id": identifier(), "status": enum(LETTER_STATUSES.codes),
    "language": enum(("en", "hi", "ur")), "subject": string(), "version": integer(1),
    "approved_by": nullable(obj({"name": string(), "designation": string()})),
    "approved_at": nullable(datetime()),
})


def draft(row):
    latest, approved = row.latest, row.approved_version
    return {"id": row.id, "file_id": row.efile_id, "status": row.status, "language": row.language,
            "subject": row.subject, "version": latest.number if latest else 1,
            "approved_by": {"name": approved.approved_by.name,
                            "designation": approved.approved_by_post.designation}
            if approved else None,
            "approved_at": moment(approved.approved_at) if approved else None}


SCHEMAS["Delivery"] = obj({
    "id": identifier(), "channel": enum(("email", "callback")),
    "to": string(description="The e-mail address, or the client system called back."),
    "state": enum(("queued", "sent", "failed")), "retries": integer(0),
    "reason": nullable(string(description="Why the last attempt failed.")),
    "sent_at": nullable(datetime()),
})

SCHEMAS["Dispatch"] = obj({
    "id": identifier(), "dispatch_no": string(), "file_id": identifier(), "draft_id": identifier(),
    "subject": string(), "recipients": array(string()), "mode": enum(DISPATCH_MODES),
    "issued_at": datetime(), "office": ref("OfficeRef"),
    "letter": nullable(obj({
        "state": enum(("rendering", "awaiting_signature", "signed", "unsigned")),
        "language": enum(("en", "hi", "ur")), "pdf_sha256": nullable(string()),
        "verify_url": string(), "signed_at": nullable(datetime()),
    })),
    "deliveries": array(ref("Delivery")),
})


def dispatch(row):
    from ..letters import delivery
    from ..letters.render import verify_url

    document = row.document
    letter = None
    if document is not None:
        letter = {"state": document.state, "language": document.language,
                  "pdf_sha256": document.pdf_sha256, "verify_url": verify_url(document),
                  "signed_at": moment(document.signed_at)}
    deliveries = []
    for copy in row.deliveries:
        status = delivery.status(copy)
        deliveries.append({"id": copy.id, "channel": copy.channel, "to": copy.address,
                           "state": status["state"], "retries": status["retries"],
                           "reason": status["reason"], "sent_at": moment(status["sent_at"])})
    return {"id": row.id, "dispatch_no": row.dispatch_no, "file_id": row.efile_id,
            "draft_id": row.draft_id, "subject": row.subject, "recipients": row.recipient_list,
            "mode": row.mode, "issued_at": moment(row.issued_at), "office": office_ref(row.office),
            "letter": letter, "deliveries": deliveries}
