from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from .. import blobs, policy
from ..clock import today
from ..database import start_writing
from ..errors import WorkflowError
from ..extensions import db
from ..files.services import active_files_held
from ..forms import post_choices
from ..htmx import redirect_to
from ..i18n import gettext as _
from ..inputs import whole_number
from ..loaders import load_item_or_404
from ..models import Attachment
from ..movement.services import open_item
from . import bp, services
from .forms import SENDER_FIELDS, DiariseForm, EditReceiptForm, PutInFileForm


def _prefill(form, source_id):
    """'Diarise another with the same sender': copy the sender of a receipt the user sees."""
    if not source_id:
        return
    source = load_item_or_404("receipt", source_id)
    for name in SENDER_FIELDS:
        getattr(form, name).data = getattr(source, name)


@bp.route("/receipts/new", methods=["GET", "POST"])
def new():
    if not policy.can_create(current_user):
        abort(403)
    form = DiariseForm()
    posts = services.holder_posts_for(current_user)
    form.as_post.choices = post_choices(posts)
    if request.method == "GET":
        form.received_on.data = today()
        _prefill(form, request.args.get("sender_from", type=whole_number))
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("dak/new.html", form=form), status
    post = next(p for p in posts if p.id == form.as_post.data)
    data = form.data_for_service()
    data["is_electronic"] = form.form.data == "electronic"
    uploads = [f for f in form.attachments.data or [] if f and f.filename]
    try:
        receipt = services.diarise(current_user, post, data, uploads)
    except WorkflowError as error:
        db.session.rollback()
        return render_template("dak/new.html", form=form, error=error.message), 422
    db.session.commit()
    flash(_("Diarised as %(number)s.", number=receipt.diary_no), "success")
    action = request.form.get("action")
    if action == "send":
        return redirect(url_for("movement.send", kind="receipts", item_id=receipt.id), code=303)
    if action == "another":
        return redirect(url_for("dak.new", sender_from=receipt.id), code=303)
    return redirect(url_for("dak.show", item_id=receipt.id), code=303)


@bp.get("/receipts/<int:item_id>")
def show(item_id):
    receipt = load_item_or_404("receipt", item_id)
    if policy.can_open(current_user, receipt):
        start_writing(db.session)
        open_item(current_user, receipt)
        db.session.commit()
    files = [f for f in active_files_held(current_user) if policy.grading_fits(receipt, f)] \
        if policy.can_put_in_file(current_user, receipt) else []
    put_form = PutInFileForm(version=receipt.version)
    put_form.efile_id.choices = [(f.id, f"{f.file_no} — {f.subject}") for f in files]
    return render_template("dak/show.html", item=receipt, put_form=put_form)


@bp.route("/receipts/<int:item_id>/edit", methods=["GET", "POST"])
def edit(item_id):
    receipt = load_item_or_404("receipt", item_id)
    if not policy.can_edit_receipt(current_user, receipt):
        abort(403)
    form = EditReceiptForm(obj=receipt if request.method == "GET" else None,
                           version=receipt.version)
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("dak/edit.html", form=form, item=receipt), status
    try:
        services.update_receipt(current_user, receipt, form.data_for_service(), form.version.data)
    except WorkflowError as error:
        db.session.rollback()
        return render_template("dak/edit.html", form=form, item=receipt, error=error.message), 422
    db.session.commit()
    flash(_("Receipt updated."), "success")
    return redirect(url_for("dak.show", item_id=receipt.id), code=303)


@bp.post("/receipts/<int:item_id>/put-in-file")
def put_in_file(item_id):
    receipt = load_item_or_404("receipt", item_id)
    form = PutInFileForm()
    form.efile_id.choices = [(form.efile_id.data, "")] if form.efile_id.data else []
    if not form.validate_on_submit():
        flash(_("Choose a file."), "warning")
        return redirect(url_for("dak.show", item_id=receipt.id), code=303)
    efile = load_item_or_404("file", form.efile_id.data)
    services.put_in_file(current_user, receipt, efile, form.version.data)
    db.session.commit()
    flash(_("Put into file %(number)s.", number=efile.file_no), "success")
    return redirect_to("files.show", item_id=efile.id)


@bp.get("/receipts/<int:item_id>/attachments/<int:attachment_id>")
def attachment(item_id, attachment_id):
    receipt = load_item_or_404("receipt", item_id)
    record = db.session.get(Attachment, attachment_id)
    if record is None or record.receipt_id != receipt.id:
        abort(404)
    response = send_file(blobs.blob_path(record.sha256), mimetype=record.content_type,
                         as_attachment=True,
                         download_name=blobs.named_as_its_type(record.filename, record.content_type),
                         max_age=0, conditional=False)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.app_template_global()
def max_upload_mb():
    return current_app.config["MAX_UPLOAD_MB"]
