"""Everything the file page and its print view show, gathered in one place."""
from flask import render_template
from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from .. import policy
from ..extensions import db
from ..forms import query_value
from ..inbox.queries import format_stay, history
from ..inputs import whole_number
from ..models import DraftLetter
from .correspondence import pages_of
from .forms import LinkForm, NoteForm
from .letter_view import letter_view, scans_of
from .links import linked_files, note_references
from .services import notes_of, notes_to_sign, readable_notes, verify_note_chain

RECENT_MOVEMENTS = 10


DRAFTS_OF = (select(DraftLetter).where(DraftLetter.efile_id == bindparam("efile"))
             .order_by(DraftLetter.id).options(selectinload(DraftLetter.versions)))


def drafts_of(efile):
    return db.session.scalars(DRAFTS_OF, {"efile": efile.id}).all()


def letter_args():
    """Which letter, scan and page the reader asked for (?letter=&scan=&p=)."""
    return {"page_no": query_value("letter", type=whole_number),
            "attachment_id": query_value("scan", type=whole_number),
            "number": query_value("p", 1, type=whole_number)}


def file_context(user, efile):
    """The file page's (and print view's) content: drafts only for the post holding it."""
    every = notes_of(efile)  # read fresh: the chain below is checked against these
    notes = readable_notes(user, efile, every)
    movements, stays = history(efile)
    pages = pages_of(efile)
    scans = scans_of(pages)
    return {
        "item": efile,
        "notes": notes,
        # as add_note numbers it: after every note, drafts this user cannot read too
        "next_paragraph": max((note.seq for note in every), default=0) + 1,
        "chain_problems": verify_note_chain(efile, every),
        "pages": pages,
        "scans": scans,
        "letter": letter_view(pages, scans, **letter_args()),
        "drafts": drafts_of(efile),
        "links": linked_files(user, efile),
        "references": note_references(user, efile, notes),
        "movements": movements,
        "stays": stays,
        "format_stay": format_stay,
        "unsigned_count": len(notes_to_sign(user, efile, notes)),
        "can_write": policy.can_write_note(user, efile),
    }


def render_file_page(user, efile, status=200, note_form=None, link_form=None, error=None,
                     error_at=None):
    """The file page; a refusal is shown beside the form it answers (error_at: "noting",
    "links"), where the browser lands."""
    context = file_context(user, efile)
    context.update(note_form=note_form or NoteForm(), link_form=link_form or LinkForm(),
                   error=error, error_at=error_at, recent=RECENT_MOVEMENTS)
    return render_template("files/show.html", **context), status
