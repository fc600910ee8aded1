"""Everything the file page and its print view show, gathered in one place."""
from flask import get_template_attribute, render_template, request
from markupsafe import Markup
from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from .. import policy
from ..extensions import db
from ..forms import query_value
from ..i18n import current_locale
from ..inbox.queries import format_stay, history_rows
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
    movements, stays = history_rows(efile)
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


class BlankForms:
    """The note and link forms' fields as `_macros/forms.html`'s `field` renders them
    for blank forms, rendered once per language and worker: with nothing typed and no
    errors they are the same on every file page, and building two WTForms forms and
    rendering three fields cost a tenth of the page. The note box's hint (its paragraph
    number) is put in per page, escaped as the macro would."""

    _HINT = "\x00hint\x00"
    _kept = {}

    def __init__(self, language):
        self.note_id, self._note, self.link_fields = self._kept.get(language) or \
            self._kept.setdefault(language, self._render())

    def _render(self):
        field = get_template_attribute("_macros/forms.html", "field")
        note, link = NoteForm(), LinkForm()
        return (note.body.id, str(field(note.body, hint=self._HINT)).split(self._HINT),
                Markup(field(link.file_no)) + field(link.remarks))

    def note_body(self, hint):
        before, after = self._note
        return Markup(before) + hint + Markup(after)


def render_file_page(user, efile, status=200, note_form=None, link_form=None, error=None,
                     error_at=None):
    """The file page; a refusal is shown beside the form it answers (error_at: "noting",
    "links"), where the browser lands."""
    context = file_context(user, efile)
    blank = (note_form is None and link_form is None and request.method == "GET"
             and BlankForms(current_locale()))
    context.update(note_form=None if blank else note_form or NoteForm(),
                   link_form=None if blank else link_form or LinkForm(), blank=blank,
                   error=error, error_at=error_at, recent=RECENT_MOVEMENTS)
    return render_template("files/show.html", **context), status
