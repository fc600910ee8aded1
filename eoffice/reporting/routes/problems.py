from flask import abort, flash
from flask_login import current_user

from ...clock import utcnow
from ...errors import NotAllowed
from ...extensions import db
from ...forms import submit
from ...htmx import redirect_to, render
from ...i18n import gettext as _
from ...loaders import load_reported_or_404
from ...models import InfraProblem, Office
from ...names import name_in
from .. import labels
from ..blueprint import bp
from ..forms import EscalateForm, ProblemFilterForm, ProblemForm, RemarksForm
from ..services import problems as service
from ..services.scope import editable_offices, visible_districts
from . import chosen, fill_district_filter, filter_args, page_of


@bp.get("/problems")
def problems():
    form = ProblemFilterForm()
    districts = visible_districts(current_user)
    district = fill_district_filter(form, districts)
    results = page_of(service.problems_query(current_user, district,
                                          chosen(form.status, labels.PROBLEM_STATUS),
                                          chosen(form.category, labels.PROBLEM_CATEGORY)))
    summary = service.district_summary(current_user, [district] if district else districts,
                                       utcnow())
    return render("reporting/problems/index.html", "reporting/problems/_problems.html",
                  form=form, results=results, args=filter_args(form), summary=summary, now=utcnow())


@bp.route("/problems/new", methods=["GET", "POST"])
def new_problem():
    form = ProblemForm()
    form.office_id.choices = labels.options((o.id, name_in(o)) for o in editable_offices(current_user))
    if not form.office_id.choices:
        raise NotAllowed(_("Only users in a district raise problems for its offices."))
    sent = submit(form, lambda: service.raise_problem(
        current_user, db.session.get(Office, form.office_id.data), form.category.data,
        form.summary.data, form.description.data))
    if not sent.done:
        return render("reporting/problems/form.html", "reporting/problems/_form.html",
                      status=sent.status, form=form, error=sent.error)
    flash(_("Problem raised."), "success")
    return redirect_to("reporting.show_problem", problem_id=sent.result.id)


@bp.get("/problems/<int:problem_id>")
def show_problem(problem_id):
    return _show(load_reported_or_404(InfraProblem, problem_id))


def _show(problem, forms=None, error=None, status=200):
    forms = dict({"comment": RemarksForm(prefix="comment"), "escalate": EscalateForm(),
                  "resolve": RemarksForm(prefix="resolve")}, **(forms or {}))
    return render("reporting/problems/show.html", "reporting/problems/_actions.html",
                  status=status, problem=problem, forms=forms, error=error, now=utcnow())


ACTIONS = {
    "comment": (lambda: RemarksForm(prefix="comment"),
                lambda user, p, f: service.comment_on_problem(user, p, f.remarks.data),
                lambda: _("Comment added.")),
    "escalate": (EscalateForm,
                 lambda user, p, f: service.escalate_problem(user, p, f.escalated_to.data,
                                                             f.remarks.data),
                 lambda: _("Problem escalated.")),
    "resolve": (lambda: RemarksForm(prefix="resolve"),
                lambda user, p, f: service.resolve_problem(user, p, f.remarks.data),
                lambda: _("Problem marked resolved.")),
}


@bp.post("/problems/<int:problem_id>/<action>")
def act_on_problem(problem_id, action):
    problem = load_reported_or_404(InfraProblem, problem_id)
    if action not in ACTIONS:
        abort(404)
    make_form, act, done = ACTIONS[action]
    form = make_form()
    sent = submit(form, lambda: act(current_user, problem, form))
    if not sent.done:
        return _show(problem, {action: form}, error=sent.error, status=sent.status)
    flash(done(), "success")
    return redirect_to("reporting.show_problem", problem_id=problem.id)
