"""The letter's PDF for those who may read it, the approver's signing form, and the
public verification page the QR code on every letter opens."""
import hashlib

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from ..drafts.letters import render_letter
from ..errors import DomainError, WorkflowError
from ..extensions import limiter
from ..forms import submit
from ..i18n import gettext as _
from ..loaders import load_letter_or_404
from ..names import name_in
from . import delivery, services
from .blueprint import bp
from .forms import SignForm, VerifyForm


@bp.get("/dispatch/<int:dispatch_id>/letter.pdf")
def pdf(dispatch_id):
    dispatch = load_letter_or_404(dispatch_id)
    document = dispatch.document
    if document is None or not document.is_final:
        abort(404)
    response = current_app.response_class(document.pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{delivery.pdf_filename(dispatch)}"')
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/dispatch/<int:dispatch_id>/sign")
def sign(dispatch_id):
    dispatch = load_letter_or_404(dispatch_id)
    form = SignForm()
    sent = submit(form, lambda: services.sign_letter(
        current_user, dispatch, form.secret.data), refusals=DomainError)
    if not sent.done:
        return render_template("drafts/letter.html", dispatch=dispatch, item=dispatch.efile,
                               letter=render_letter(dispatch), sign_form=form,
                               sign_error=sent.error), sent.status
    flash(_("Signed digitally. The letter is on its way to its recipients."), "success")
    return redirect(url_for("drafts.letter", dispatch_id=dispatch.id), code=303)


def _verify_limit():
    return current_app.config["VERIFY_RATE_LIMIT"]


@bp.route("/v/<code>", methods=["GET", "POST"])
@limiter.limit(_verify_limit)
def verify(code):
    """Public: what the letter shows, and whether a PDF or hash is the genuine one."""
    document = services.find_by_code(code) if len(code) <= 16 else None
    if document is None or not document.is_final:
        abort(404)
    form = VerifyForm()
    checked = submit(form, lambda: _is_genuine(document, form))
    dispatch = document.dispatch
    restricted = dispatch.efile.is_restricted()
    post = dispatch.version.approved_by_post
    return render_template(  # names as the letter shows them, in its language
        "letters/verify.html", document=document, dispatch=dispatch, restricted=restricted,
        form=form, office=name_in(dispatch.office, language=document.language),
        designation=name_in(post, "designation", document.language) if post else "",
        answer=checked.result), checked.status


def _is_genuine(document, form):
    sha256 = _uploaded_hash(form) or (form.sha256.data or "").strip().lower()
    if not sha256:
        raise WorkflowError(_("Choose the PDF or type its SHA-256."), {"sha256": "required"})
    return services.is_genuine(document, sha256)


def _uploaded_hash(form):
    upload = form.pdf.data
    if not upload or not getattr(upload, "filename", None):
        return None
    digest = hashlib.sha256()
    for chunk in iter(lambda: upload.stream.read(65536), b""):
        digest.update(chunk)
    return digest.hexdigest()
