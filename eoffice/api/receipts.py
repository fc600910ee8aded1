"""Receipts: e-UNNAT and other systems bring dak in; anyone reads what they may see."""
import base64
import binascii
import io

from flask import g, jsonify
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import FileStorage

from .. import policy
from ..clock import today
from ..dak import services as dak
from ..database import start_writing
from ..errors import NotAllowed, WorkflowError
from ..extensions import db
from ..i18n import gettext as _
from ..loaders import load_item_or_404
from ..models import Movement, Office, Post, Receipt
from ..movement import services as movement
from ..vocabulary import NORMAL_GRADING
from . import serializers
from .blueprint import bp
from .errors import TooLarge, renamed
from .paging import paginate
from .payloads import PAGING, invalid, json_body, query
from .schema import MAX_ID, string

FIELD_NAMES = {f"sender_{name}": f"sender.{name}" for name in (
    "name", "designation", "organisation", "address", "email", "mobile")}
ID = f"int(max={MAX_ID})"


def office_by_code(code):
    office = db.session.scalar(select(Office).where(Office.code == code, Office.active))
    if office is None:
        raise invalid({"office": "unknown"})
    return office


def active_post(post_id, field="to_post"):
    post = db.session.get(Post, post_id)
    if post is None or not post.active:
        raise invalid({field: "unknown"})
    return post


def held_post(actor, office, message):
    """The actor's post to act for: the one in `office` when named, else the first."""
    posts = sorted(actor.current_posts(), key=lambda post: post.id)
    if office is not None:
        posts = [post for post in posts if post.office_id == office.id]
    if not posts:
        raise NotAllowed(message)
    return posts[0]


def receipt_data(body):
    sender = body["sender"]
    data = {name: body.get(name, "") for name in ("subject", "body", "letter_no")}
    data.update({f"sender_{name}": sender.get(name, "") for name in (
        "name", "designation", "organisation", "address", "email", "mobile")})
    data.update(letter_date=body.get("letter_date"), received_on=body.get("received_on", today()),
                mode=body["mode"], category=body["category"],
                grading=body.get("grading", NORMAL_GRADING),
                is_electronic=not body.get("physical", False))
    return data


def uploads(attachments):
    files = []
    for index, attachment in enumerate(attachments):
        try:
            content = base64.b64decode(attachment["content"], validate=True)
        except (binascii.Error, ValueError):
            raise invalid({f"attachments.{index}.content": "base64"}) from None
        files.append(FileStorage(io.BytesIO(content), filename=attachment["filename"]))
    return files


def last_step(receipt):
    """The latest movement of the receipt, or of the file it went into (unless that
    file is confidential or higher)."""
    condition = Movement.receipt_id == receipt.id
    if receipt.efile_id and not receipt.efile.is_restricted():
        condition = condition | (Movement.efile_id == receipt.efile_id)
    return db.session.scalar(select(Movement).where(condition).order_by(
        Movement.at.desc(), Movement.id.desc()).limit(1).options(
        selectinload(Movement.from_post), selectinload(Movement.to_post)))


@bp.post("/receipts")
def create_receipt():
    body = json_body("ReceiptIn")
    token, actor = g.api_token, g.api_actor
    data, files = receipt_data(body), uploads(body.get("attachments", []))
    external_ref = body.get("external_ref")
    office = office_by_code(body["office"]) if "office" in body else None
    to_post = active_post(body["to_post"]) if "to_post" in body else None
    if token.is_service:
        if office is None:
            raise invalid({"office": "required"})

        def make():
            return dak.diarise_for_service(token, office, data, files, external_ref, to_post)
    else:
        post = held_post(actor, office, _("You can diarise only for a post you hold."))

        def make():
            receipt = dak.diarise(actor, post, data, files, external_ref)
            if to_post is not None:
                movement.send(actor, receipt, [to_post.id])
            return receipt
    try:
        receipt, created = dak.diarise_once(actor, external_ref, make)
    except WorkflowError as error:
        if error.fields.get("attachments") == "size":
            raise TooLarge(error.message, error.fields) from None
        raise renamed(error, FIELD_NAMES) from None
    # read before the commit, which would expire the receipt and its posts (and read
    # them all again); a failed commit answers with an error, not with this. A receipt
    # made now last moved by this request's own hand.
    last = movement.recorded_last(receipt) if created else None
    answer = serializers.receipt_created(receipt, last or last_step(receipt))
    db.session.commit()
    return jsonify(answer), 201 if created else 200


@bp.get(f"/receipts/<{ID}:receipt_id>")
def receipt(receipt_id):
    item = load_item_or_404("receipt", receipt_id, g.api_actor)
    if policy.can_open(g.api_actor, item):
        start_writing(db.session)
        movement.open_item(g.api_actor, item)
        db.session.commit()
    return jsonify(serializers.receipt(item, last_step(item)))


RECEIPTS_QUERY = {"external_ref": string(120, 1), **PAGING}


@bp.get("/receipts")
def receipts():
    """Receipts the caller brought in: a service client's own, or those its user's posts
    diarised; `external_ref` finds the caller's receipt with that reference."""
    args = query(RECEIPTS_QUERY)
    actor = g.api_actor
    statement = select(Receipt).order_by(Receipt.id.desc())
    if "external_ref" in args:
        statement = statement.where(Receipt.created_by_id == actor.id,
                                    Receipt.external_ref == args["external_ref"])
    elif g.api_token.is_service:
        statement = statement.where(Receipt.created_by_id == actor.id,
                                    Receipt.copy_of_id.is_(None))
    else:
        statement = statement.where(Receipt.created_by_post_id.in_(policy.held_post_ids(actor)))
    found = paginate(statement.options(selectinload(Receipt.attachments)), args["page"],
                     args["per_page"])
    return jsonify(serializers.page_of(found, lambda r: serializers.receipt(r, last_step(r))))
