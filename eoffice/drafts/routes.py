from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from .. import policy
from ..clock import utcnow
from ..errors import DomainError
from ..extensions import db
from ..forms import page_number, query_string, query_value, submit
from ..htmx import render
from ..i18n import current_locale
from ..i18n import gettext as _
from ..inputs import calendar_day, whole_number
from ..letters.forms import SignForm
from ..loaders import load_draft_or_404, load_item_or_404, load_letter_or_404, require
from ..models import Dispatch
from ..models.dispatch import DISPATCH_MODES
from . import services
from .blueprint import bp
from .compare import compare_versions
from .forms import ApproveForm, DraftForm, IssueForm
from .letters import render_letter, render_preview, repeated_in_text
from .register import dispatch_register, register_offices


@bp.route("/files/<int:item_id>/drafts/new", methods=["GET", "POST"])
def new(item_id):
    efile = load_item_or_404("file", item_id)
    require(policy.can_write_note, efile)
    form = DraftForm()
    if request.method == "GET":  # the drafter's language, unless they choose another
        form.language.data = current_locale()
    sent = submit(form, lambda: services.create_draft(
        current_user, efile, form.subject.data, form.body.data, form.language.data))
    if not sent.done:
        return render_template("drafts/new.html", item=efile, form=form,
                               error=sent.error), sent.status
    draft = sent.result
    flash(_("Draft letter saved as version 1."), "success")
    return redirect(url_for("drafts.show", draft_id=draft.id), code=303)


def _show(draft, approve_form=None, error=None, status=200):
    number = query_value("v", type=whole_number)
    version = next((v for v in draft.versions if v.number == number), draft.latest)
    approve_form = approve_form or ApproveForm(version_number=draft.latest.number)
    dispatch = db.session.scalar(select(Dispatch).where(Dispatch.draft_id == draft.id))
    issued_elsewhere = (services.issued_by_its_office_message(draft.efile)
                        if policy.issue_waits_for_its_office(current_user, draft) else None)
    return render_template("drafts/show.html", draft=draft, item=draft.efile, version=version,
                           approve_form=approve_form, dispatch=dispatch,
                           issued_elsewhere=issued_elsewhere, preview=render_preview(draft, version),
                           repeats_head=repeated_in_text(version), error=error), status


@bp.get("/drafts/<int:draft_id>")
def show(draft_id):
    return _show(load_draft_or_404(draft_id))


@bp.route("/drafts/<int:draft_id>/edit", methods=["GET", "POST"])
def edit(draft_id):
    draft = load_draft_or_404(draft_id)
    require(policy.can_edit_draft, draft)
    form = DraftForm()
    if request.method == "GET":
        latest = draft.latest
        form.subject.data, form.body.data, form.based_on.data, form.language.data = (
            latest.subject, latest.body_html, latest.number, draft.language)
        return render_template("drafts/edit.html", draft=draft, item=draft.efile, form=form)
    sent = submit(form, lambda: services.save_version(
        current_user, draft, form.subject.data, form.body.data, form.based_on.data,
        form.language.data), refusals=DomainError)
    if not sent.done:
        return _form_again("drafts/edit.html", draft, form, sent)
    version = sent.result
    flash(_("Version %(number)d saved.", number=version.number), "success")
    return redirect(url_for("drafts.show", draft_id=draft.id), code=303)


def _form_again(template, draft, form, sent):
    """A draft's form shown again, with the refusal above it when it names no field."""
    return render_template(template, draft=draft, item=draft.efile, form=form,
                           error=sent.error), sent.status


@bp.get("/drafts/<int:draft_id>/compare")
def compare(draft_id):
    draft = load_draft_or_404(draft_id)
    by_number = {v.number: v for v in draft.versions}
    latest = draft.latest.number
    old = by_number.get(query_value("a", max(1, latest - 1), type=whole_number))
    new = by_number.get(query_value("b", latest, type=whole_number))
    if old is None or new is None:
        abort(404)
    return render_template("drafts/compare.html", draft=draft, item=draft.efile, old=old,
                           new=new, changes=compare_versions(old, new))


@bp.post("/drafts/<int:draft_id>/approve")
def approve(draft_id):
    draft = load_draft_or_404(draft_id)
    form = ApproveForm()
    sent = submit(form, lambda: services.approve_draft(
        current_user, draft, form.password.data, form.version_number.data),
        refusals=DomainError)
    if not sent.done:
        return _show(draft, approve_form=form, error=sent.error, status=sent.status)
    flash(_("Approved and signed. The letter may now be issued."), "success")
    return redirect(url_for("drafts.show", draft_id=draft.id), code=303)


@bp.route("/drafts/<int:draft_id>/issue", methods=["GET", "POST"])
def issue(draft_id):
    draft = load_draft_or_404(draft_id)
    require(policy.can_issue_draft, draft)
    form = IssueForm()
    sent = submit(form, lambda: services.issue_draft(
        current_user, draft, form.recipients.data, form.mode.data))
    if not sent.done:
        return _form_again("drafts/issue.html", draft, form, sent)
    dispatch = sent.result
    flash(_("Issued as %(number)s.", number=dispatch.dispatch_no), "success")
    return redirect(url_for("drafts.letter", dispatch_id=dispatch.id), code=303)


def _register_filters():
    problems = []
    filters = {"office": query_value("office", type=whole_number),
               "q": query_value("q", "")[:100],
               "mode": query_value("mode") if query_value("mode") in DISPATCH_MODES else ""}
    for name in ("date_from", "date_to"):
        try:
            filters[name] = calendar_day(query_value(name, ""))
        except ValueError:
            filters[name] = None
            problems.append(_("Give the date as DD-MM-YYYY, for example 31-01-2026."))
    return filters, problems


@bp.get("/dispatch")
def register():
    filters, problems = _register_filters()
    printable = query_value("print") == "1"
    page = page_number()
    result = dispatch_register(current_user, filters, page,
                               None if printable else current_app.config["PAGE_SIZE"])
    context = dict(result=result, filters=filters, problems=problems,
                   offices=register_offices(current_user),
                   args=query_string(leave_out=("page", "print")))
    status = 422 if problems else 200
    if printable:
        return render_template("drafts/register_print.html", printed_at=utcnow(),
                               **context), status
    return render("drafts/register.html", "drafts/_register.html", status=status, **context)


@bp.get("/dispatch/<int:dispatch_id>")
def letter(dispatch_id):
    dispatch = load_letter_or_404(dispatch_id)
    return render_template("drafts/letter.html", dispatch=dispatch, item=dispatch.efile,
                           letter=render_letter(dispatch), sign_form=SignForm())
