from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import policy
from ..clock import utcnow
from ..forms import press, query_string, refused, submit
from ..htmx import is_htmx, render
from ..i18n import gettext as _
from ..loaders import WITH_COVER, load_item_or_404, load_note_or_404, require
from . import services
from .blueprint import bp
from .correspondence import page_of, pages_of
from .file_view import file_context, letter_args, render_file_page
from .forms import ConfirmForm, LinkForm, NoteForm
from .letter_view import letter_view, printed_scans, scans_of
from .links import link_files


def _to_file(efile, anchor):
    return redirect(url_for("files.show", item_id=efile.id, _anchor=anchor), code=303)


@bp.post("/files/<int:item_id>/notes")
def add(item_id):
    efile = load_item_or_404("file", item_id)
    form = NoteForm()
    # the paragraph's number is read before the commit, which expires the note and file
    sent = submit(form, lambda: services.add_note(current_user, efile, form.body.data).seq)
    if not sent.done:
        return render_file_page(current_user, efile, sent.status, note_form=form,
                                error=sent.error, error_at="noting")
    flash(_("Paragraph %(seq)d saved as a draft.", seq=sent.result), "success")
    return redirect(url_for("files.show", item_id=item_id, _anchor=f"note-{sent.result}"),
                    code=303)


@bp.route("/files/<int:item_id>/notes/<int:note_id>/edit", methods=["GET", "POST"])
def edit(item_id, note_id):
    efile = load_item_or_404("file", item_id)
    note = load_note_or_404(efile, note_id)
    require(policy.can_edit_note, note)
    form = NoteForm()
    if request.method == "GET":
        form.body.data = note.body_html
        return render_template("notes/edit.html", item=efile, note=note, form=form)
    sent = submit(form, lambda: services.update_note(current_user, note, form.body.data))
    if not sent.done:
        return render_template("notes/edit.html", item=efile, note=note, form=form,
                               error=sent.error), sent.status
    saved = sent.result
    flash(_("Paragraph %(seq)d saved.", seq=saved.seq), "success")
    return _to_file(efile, f"note-{saved.seq}")


@bp.post("/files/<int:item_id>/notes/<int:note_id>/discard")
def discard(item_id, note_id):
    efile = load_item_or_404("file", item_id)
    note = load_note_or_404(efile, note_id)
    form, seq = ConfirmForm(), note.seq
    sent = press(form, lambda: services.discard_note(current_user, note))
    if not sent.done:
        return refused(form, sent)
    flash(_("Draft paragraph %(seq)d discarded.", seq=seq), "success")
    return _to_file(efile, "noting")


@bp.post("/files/<int:item_id>/links")
def link(item_id):
    efile = load_item_or_404("file", item_id)
    form = LinkForm()
    sent = submit(form, lambda: link_files(current_user, efile, form.file_no.data,
                                           form.remarks.data))
    if not sent.done:
        return render_file_page(current_user, efile, sent.status, link_form=form,
                                error=sent.error, error_at="links")
    created = sent.result
    flash(_("Linked to file %(number)s.", number=created.to_efile.file_no), "success")
    return _to_file(efile, "links")


@bp.get("/files/<int:item_id>/pages/<int:page_no>")
def page(item_id, page_no):
    """A correspondence page by its number in the file: where notes link to."""
    efile = load_item_or_404("file", item_id)
    found = page_of(efile, page_no)
    if found is None:
        abort(404)
    if found.receipt_id:
        return redirect(url_for("dak.show", item_id=found.receipt_id), code=303)
    return redirect(url_for("drafts.letter", dispatch_id=found.dispatch_id), code=303)


@bp.get("/files/<int:item_id>/letter")
def letter(item_id):
    """The letter viewer alone, for htmx page turns; a browser gets the file page there."""
    efile = load_item_or_404("file", item_id)
    if not is_htmx():
        return redirect(url_for("files.show", item_id=efile.id, _anchor="letter",
                                **query_string()), code=303)
    pages = pages_of(efile)
    return render("files/show.html", "notes/_letter.html", item=efile,
                  letter=letter_view(pages, scans_of(pages), **letter_args()))


@bp.get("/files/<int:item_id>/print")
def print_file(item_id):
    """The whole file to print: cover, notes, every scanned page of the correspondence,
    the movements."""
    efile = load_item_or_404("file", item_id, shown=WITH_COVER)
    context = file_context(current_user, efile)
    return render_template("notes/print.html", printed_at=utcnow(), printing=True,
                           printed_scans=printed_scans(context["pages"], context["scans"]),
                           **context)
