import io

from flask import (
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user

from .. import audit, blobs, policy, previews
from ..clock import today
from ..database import start_writing
from ..errors import Conflict
from ..extensions import db
from ..files.services import active_files_held
from ..forms import attempt, from_query, post_choices, press, refused, submit
from ..htmx import is_htmx, redirect_to
from ..i18n import gettext as _
from ..loaders import load_attachment_or_404, load_item_or_404, require
from ..movement.opening import load_opened
from . import services
from . import staged as staged_scans
from .blueprint import bp
from .forms import SENDER_FIELDS, DiariseForm, DiariseStartForm, EditReceiptForm, PutInFileForm


def _prefill(form, source_id):
    """'Diarise another with the same sender': copy the sender of a receipt the user sees,
    and how it came (form, mode, category), for a batch of the same post."""
    if not source_id:
        return
    source = load_item_or_404("receipt", source_id)
    for name in SENDER_FIELDS:
        getattr(form, name).data = getattr(source, name)
    form.form.data = "electronic" if source.is_electronic else "physical"
    form.mode.data, form.category.data = source.mode, source.category


@bp.route("/receipts/new", methods=["GET", "POST"])
def new():
    require(policy.can_create)
    form = DiariseForm()
    posts = services.holder_posts_for(current_user)
    form.as_post.choices = post_choices(posts)
    if request.method == "GET":
        form.received_on.data = today()
        start = DiariseStartForm()
        _prefill(form, start.sender_from.data if start.validate() else None)
    staged = staged_scans.unsign(current_user, form.scans.data)
    if staged is None:
        form.scans.data = ""
        return _diarise_page(form, [], error=_("The scans read earlier could not be kept; "
                                               "attach them again."), status=422)
    if request.method == "POST" and form.then.data == "read":
        return _read_the_scan(form, staged)
    sent = submit(form, lambda: _diarise(form, posts, staged))
    if not sent.done:
        return _diarise_page(form, staged, error=sent.error, status=sent.status)
    receipt_id, number = sent.result
    flash(_("Diarised as %(number)s.", number=number), "success")
    if form.then.data == "send":
        return redirect(url_for("movement.send", kind="receipts", item_id=receipt_id), code=303)
    if form.then.data == "another":
        return redirect(url_for("dak.new", sender_from=receipt_id), code=303)
    return redirect(url_for("dak.show", item_id=receipt_id), code=303)


def _diarise(form, posts, staged):
    """(id, diary number) of the receipt, read before the commit expires it."""
    post = next(p for p in posts if p.id == form.as_post.data)
    data = form.data_for_service()
    data["is_electronic"] = form.form.data == "electronic"
    receipt = services.diarise(current_user, post, data, _uploads(form), staged=staged)
    return receipt.id, receipt.diary_no


def _uploads(form):
    return [f for f in form.attachments.data or [] if f and f.filename]


def _diarise_page(form, staged, error=None, status=200):
    form.scans.data = staged_scans.sign(current_user, staged)
    return render_template("dak/new.html", form=form, error=error, staged=staged,
                           suggestion=staged_scans.suggestion(staged),
                           reading=staged_scans.still_reading(staged)), status


def _read_the_scan(form, staged):
    """"Read the scan": the uploads are stored and read in the background; once read,
    their first lines are offered, and fill the subject and sender left empty."""
    # (CSRFProtect has checked the token before this view ran)
    sent = attempt(lambda: staged_scans.stage(_uploads(form), staged), form)
    if not sent.done:
        return _diarise_page(form, staged, error=sent.error, status=sent.status)
    staged = sent.result
    if is_htmx():
        return _scan_reading(form, staged)
    _fill_empty(form, staged_scans.suggestion(staged))
    return _diarise_page(form, staged)


def _fill_empty(form, suggestion):
    """The suggestion goes only into fields still empty: nothing typed is overwritten."""
    filled = []
    for field, value in ((form.subject, suggestion.subject),
                         (form.sender_name, suggestion.sender)):
        if value and not (field.data or "").strip():
            field.data = value
            filled.append(field)
    return filled


@bp.get("/receipts/new/scan-reading")
def scan_reading():
    """htmx: how the scans staged on the diarise form are getting on; once read, their
    first lines, and the subject and sender (when still empty) filled out of band."""
    require(policy.can_create)
    form = from_query(DiariseForm)
    staged = staged_scans.unsign(current_user, form.scans.data or "")
    if staged is None:
        abort(404)
    return _scan_reading(form, staged)


def _scan_reading(form, staged):
    suggestion = staged_scans.suggestion(staged)
    filled = _fill_empty(form, suggestion)
    response = make_response(render_template(
        "dak/_scan_reading.html", form=form, staged=staged, suggestion=suggestion,
        reading=staged_scans.still_reading(staged), filled=filled,
        token=staged_scans.sign(current_user, staged), oob=True))
    response.vary.add("HX-Request")
    return response


@bp.get("/receipts/<int:item_id>")
def show(item_id):
    receipt = load_opened("receipt", item_id)
    files = [f for f in active_files_held(current_user) if policy.grading_fits(receipt, f)] \
        if policy.can_put_in_file(current_user, receipt) else []
    put_form = PutInFileForm(version=receipt.version)
    put_form.efile_id.choices = [(f.id, f"{f.file_no} — {f.subject}") for f in files]
    return render_template("dak/show.html", item=receipt, put_form=put_form)


@bp.route("/receipts/<int:item_id>/edit", methods=["GET", "POST"])
def edit(item_id):
    receipt = load_item_or_404("receipt", item_id)
    require(policy.can_edit_receipt, receipt)
    form = EditReceiptForm(obj=receipt if request.method == "GET" else None,
                           version=receipt.version)
    sent = submit(form, lambda: services.update_receipt(
        current_user, receipt, form.data_for_service(), form.version.data))
    if not sent.done:
        return render_template("dak/edit.html", form=form, item=receipt,
                               error=sent.error), sent.status
    flash(_("Receipt updated."), "success")
    return redirect(url_for("dak.show", item_id=receipt.id), code=303)


@bp.post("/receipts/<int:item_id>/put-in-file")
def put_in_file(item_id):
    receipt = load_item_or_404("receipt", item_id)
    form = PutInFileForm()
    sent = press(form, lambda: _put_in_file(receipt, form))
    if not sent.done:
        return refused(form, sent)
    file_id, number = sent.result
    flash(_("Put into file %(number)s.", number=number), "success")
    return redirect_to("files.show", item_id=file_id)


def _put_in_file(receipt, form):
    """(id, number) of the file, read before the commit expires it."""
    efile = load_item_or_404("file", form.efile_id.data)
    services.put_in_file(current_user, receipt, efile, form.version.data)
    return efile.id, efile.file_no


def untrusted(response):
    """An attachment's bytes are the sender's: no script, no sniffing, no framing of ours."""
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/receipts/<int:item_id>/attachments/<int:attachment_id>")
def attachment(item_id, attachment_id):
    _receipt, record = load_attachment_or_404(item_id, attachment_id)
    return untrusted(send_file(io.BytesIO(_checked_bytes(record)),
                                mimetype=record.content_type, as_attachment=True,
                                download_name=blobs.named_as_its_type(record.filename,
                                                                      record.content_type),
                                max_age=0, conditional=False))


@bp.get("/receipts/<int:item_id>/attachments/<int:attachment_id>/pages/<int:number>")
def attachment_page(item_id, attachment_id, number):
    """One page of a scanned letter as an image, to read inline or print."""
    _receipt, record = load_attachment_or_404(item_id, attachment_id)
    try:  # a page of changed bytes is not shown either (hashed once while unchanged)
        blobs.check_intact(record.sha256)
    except blobs.BlobDamaged as damage:
        refuse_damaged(record, damage)
    found = previews.page_image(record, number)
    if found is None:
        abort(404)
    response = untrusted(send_file(found[0], mimetype=found[1], conditional=True))
    response.headers["Cache-Control"] = "private, max-age=86400"  # the blob never changes
    return response


def _checked_bytes(record):
    """The attachment's bytes, once they are shown to be the ones uploaded."""
    try:
        return blobs.read_checked(record.sha256)
    except blobs.BlobDamaged as damage:
        refuse_damaged(record, damage)


def refuse_damaged(record, damage):
    """Changed or lost bytes are never served: the refusal is recorded for IT staff."""
    start_writing(db.session)
    audit.record("attachment.damaged", user=current_user, obj=record,
                 detail=f"{record.filename} ({record.sha256}): {damage}")
    db.session.commit()
    raise Conflict(_("This attachment cannot be opened: the stored copy of %(name)s is not "
                     "the file that was uploaded. Nothing was sent. IT staff have been "
                     "alerted through the audit log and can bring it back from a backup.",
                     name=record.filename))

