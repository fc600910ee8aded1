"""Files: open one (with receipts in it), read it whole, write a note in it."""
from flask import g, jsonify
from sqlalchemy import select

from .. import policy
from ..database import start_writing
from ..extensions import db
from ..files import services
from ..i18n import gettext as _
from ..inbox.queries import history
from ..loaders import load_item_or_404
from ..models import Section
from ..movement.services import open_item
from ..notes import services as notes
from ..vocabulary import NORMAL_GRADING, NORMAL_PRIORITY
from . import serializers
from .auth import personal_only
from .blueprint import bp
from .errors import TEXT, in_api_words
from .payloads import invalid, json_body
from .receipts import ID, held_post, office_by_code


def section_id(office, code):
    if code is None:
        return None
    section = db.session.scalar(select(Section).where(Section.office_id == office.id,
                                                      Section.code == code, Section.active))
    if section is None:
        raise invalid({"section": "unknown"})
    return section.id


@bp.post("/files")
@personal_only
def create_file():
    body = json_body("FileIn")
    actor = g.api_actor
    office = office_by_code(body["office"]) if "office" in body else None
    post = held_post(actor, office, _("You can open files only for a post you hold."))
    receipts = [load_item_or_404("receipt", receipt_id, actor)
                for receipt_id in body.get("receipt_ids", [])]
    efile = services.create_file(
        actor, post, body["subject"], body["category"], body["head"],
        section_id(post.office, body.get("section")), not body.get("physical", False),
        body.get("grading", NORMAL_GRADING), body.get("priority", NORMAL_PRIORITY), receipts)
    db.session.commit()
    return jsonify(serializers.efile(efile)), 201


@bp.get(f"/files/<{ID}:file_id>")
@personal_only
def file(file_id):
    """The whole file as its page shows it (draft notes only to the post holding it);
    the holder reading it opens it."""
    efile = load_item_or_404("file", file_id, g.api_actor)
    if policy.can_open(g.api_actor, efile):
        start_writing(db.session)
        open_item(g.api_actor, efile)
        db.session.commit()
    movements, _stays = history(efile)
    return jsonify(serializers.file_detail(efile, notes.readable_notes(g.api_actor, efile),
                                           movements))


@bp.post(f"/files/<{ID}:file_id>/notes")
@personal_only
def add_note(file_id):
    efile = load_item_or_404("file", file_id, g.api_actor)
    body = json_body("NoteIn")
    with in_api_words(TEXT):
        note = notes.add_note(g.api_actor, efile, body["text"])
    db.session.commit()
    return jsonify(serializers.note(note)), 201
