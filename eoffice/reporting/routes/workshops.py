from flask import flash
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ... import policy
from ...errors import NotAllowed
from ...extensions import db
from ...forms import submit
from ...htmx import redirect_to, render
from ...i18n import gettext as _
from ...loaders import load_reported_or_404
from ...models import OrgUnit, Workshop
from ...names import name_in
from .. import labels
from ..blueprint import bp
from ..forms import DistrictFilterForm, WorkshopForm
from ..services import workshops as service
from ..services.scope import visible_districts, workshop_units
from . import fill_district_filter, filter_args, page_of


@bp.get("/workshops")
def workshops():
    form = DistrictFilterForm()
    district = fill_district_filter(form, visible_districts(current_user))
    results = page_of(service.workshops_query(current_user, district))
    return render("reporting/workshops/index.html", "reporting/workshops/_workshops.html",
                  form=form, results=results, args=filter_args(form))


@bp.get("/workshops/coverage")
def coverage():
    form = DistrictFilterForm()
    districts = visible_districts(current_user)
    district = fill_district_filter(form, districts)
    rows = service.coverage([district] if district else districts)
    return render("reporting/workshops/coverage.html", "reporting/workshops/_coverage.html",
                  form=form, rows=rows)


def _workshop_form(workshop=None):
    form = WorkshopForm(obj=workshop)
    units = workshop_units(policy.reporting_districts(current_user))
    form.org_unit_id.choices = [SelectChoice(u.id, f"{name_in(u)} ({labels.UNIT_KIND[u.kind]})",
                                             optgroup=name_in(u.parent)) for u in units]
    return form


def _form_page(form, workshop, sent):
    return render("reporting/workshops/form.html", "reporting/workshops/_form.html",
                  status=sent.status, form=form, workshop=workshop, error=sent.error)


@bp.route("/workshops/new", methods=["GET", "POST"])
def new_workshop():
    form = _workshop_form()
    if not form.org_unit_id.choices:
        raise NotAllowed(_("Only users in a district record its workshops."))
    sent = submit(form, lambda: service.record_workshop(
        current_user, db.session.get(OrgUnit, form.org_unit_id.data), **form.payload()))
    if not sent.done:
        return _form_page(form, None, sent)
    flash(_("Workshop recorded."), "success")
    return redirect_to("reporting.workshops")


@bp.route("/workshops/<int:workshop_id>/edit", methods=["GET", "POST"])
def edit_workshop(workshop_id):
    workshop = load_reported_or_404(Workshop, workshop_id)
    if not policy.can_edit_workshop(current_user, workshop):
        raise NotAllowed(_("You may change entries only for your own district."))
    form = _workshop_form(workshop)
    sent = submit(form, lambda: service.update_workshop(
        current_user, workshop, db.session.get(OrgUnit, form.org_unit_id.data), **form.payload()))
    if not sent.done:
        return _form_page(form, workshop, sent)
    flash(_("Workshop updated."), "success")
    return redirect_to("reporting.workshops")
