from flask import flash
from flask_login import current_user
from sqlalchemy import select

from ... import policy
from ...errors import NotAllowed
from ...extensions import db
from ...forms import query_value, submit
from ...htmx import redirect_to, render
from ...i18n import gettext as _
from ...inputs import whole_number
from ...loaders import load_reported_or_404
from ...models import Department, OrgUnit, ServiceProposal
from ...names import name_in
from .. import labels
from ..blueprint import bp
from ..forms import ProposalFilterForm, ProposalForm, ProposalReviewForm, RemarksForm
from ..services import proposals as service
from ..services.scope import visible_districts
from . import (
    chosen,
    editable_district_choices,
    fill_district_filter,
    filter_args,
    page_of,
)


def _departments():
    return db.session.scalars(select(Department).where(Department.active)
                              .order_by(Department.name)).all()


@bp.get("/proposals")
def proposals():
    form = ProposalFilterForm()
    district = fill_district_filter(form, visible_districts(current_user))
    departments = _departments()
    form.department.choices = labels.options(((str(d.id), name_in(d)) for d in departments),
                                             _("Any department"))
    department_id = query_value("department", type=whole_number)
    results = page_of(service.proposals_query(current_user, district, department_id,
                                           chosen(form.status, labels.PROPOSAL_STATUS)))
    return render("reporting/proposals/index.html", "reporting/proposals/_proposals.html",
                  form=form, results=results, args=filter_args(form),
                  targets=service.district_targets(current_user),
                  minimum=service.minimum_per_district())


def _proposal_form(proposal=None):
    form = ProposalForm(obj=proposal)
    form.district_id.choices = editable_district_choices()
    form.department_id.choices = labels.options((d.id, name_in(d)) for d in _departments())
    return form


@bp.route("/proposals/new", methods=["GET", "POST"])
def new_proposal():
    form = _proposal_form()
    if not form.district_id.choices:
        raise NotAllowed(_("Only users in a district add its proposals."))
    sent = submit(form, lambda: service.create_proposal(
        current_user, db.session.get(OrgUnit, form.district_id.data), **form.payload()))
    if not sent.done:
        return _form_page(form, None, sent)
    flash(_("Proposal saved as a draft. Submit it when it is ready."), "success")
    return redirect_to("reporting.show_proposal", proposal_id=sent.result.id)


@bp.route("/proposals/<int:proposal_id>/edit", methods=["GET", "POST"])
def edit_proposal(proposal_id):
    proposal = load_reported_or_404(ServiceProposal, proposal_id)
    if not policy.can_edit_proposal(current_user, proposal):
        raise NotAllowed(_("This proposal cannot be changed now."))
    form = _proposal_form(proposal)
    form.district_id.choices = labels.options([(proposal.district.id, name_in(proposal.district))])
    sent = submit(form, lambda: service.update_proposal(current_user, proposal, **form.payload()))
    if not sent.done:
        return _form_page(form, proposal, sent)
    flash(_("Proposal updated."), "success")
    return redirect_to("reporting.show_proposal", proposal_id=proposal.id)


def _form_page(form, proposal, sent):
    return render("reporting/proposals/form.html", "reporting/proposals/_form.html",
                  status=sent.status, form=form, proposal=proposal, error=sent.error)


@bp.get("/proposals/<int:proposal_id>")
def show_proposal(proposal_id):
    return _show(load_reported_or_404(ServiceProposal, proposal_id), ProposalReviewForm())


def _review_form(proposal, form):
    form.status.choices = labels.options((s, labels.PROPOSAL_STATUS[s])
                                         for s in proposal.review_moves())
    return form


def _show(proposal, review_form, error=None, status=200, submit_form=None):
    return render("reporting/proposals/show.html", "reporting/proposals/_review.html",
                  status=status, proposal=proposal, review_form=_review_form(proposal, review_form),
                  submit_form=submit_form or RemarksForm(prefix="submit"), error=error)


@bp.post("/proposals/<int:proposal_id>/submit")
def submit_proposal(proposal_id):
    proposal = load_reported_or_404(ServiceProposal, proposal_id)
    form = RemarksForm(prefix="submit")
    sent = submit(form, lambda: service.submit_proposal(current_user, proposal,
                                                        form.remarks.data))
    if not sent.done:
        return _show(proposal, ProposalReviewForm(formdata=None), error=sent.error,
                     status=sent.status, submit_form=form)
    flash(_("Proposal submitted to the UT for review."), "success")
    return redirect_to("reporting.show_proposal", proposal_id=proposal.id)


@bp.post("/proposals/<int:proposal_id>/status")
def review_proposal(proposal_id):
    proposal = load_reported_or_404(ServiceProposal, proposal_id)
    if not policy.can_review_proposal(current_user, proposal):
        raise NotAllowed(_("Only UT oversight reviews proposals."))
    form = _review_form(proposal, ProposalReviewForm())
    sent = submit(form, lambda: service.change_proposal_status(
        current_user, proposal, form.status.data, form.remarks.data, form.service_code.data))
    if not sent.done:
        return _show(proposal, form, error=sent.error, status=sent.status)
    flash(_("Status changed to: %(status)s.", status=labels.PROPOSAL_STATUS[form.status.data]),
          "success")
    return redirect_to("reporting.show_proposal", proposal_id=proposal.id)
