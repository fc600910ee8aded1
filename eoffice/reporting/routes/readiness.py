from flask import flash
from flask_login import current_user

from ... import policy
from ...errors import NotAllowed
from ...forms import submit
from ...htmx import redirect_to, render
from ...i18n import gettext as _
from ...loaders import load_reported_or_404
from ...models import Office
from ...names import name_in
from ..blueprint import bp
from ..forms import DistrictFilterForm, ReadinessForm
from ..services import readiness as service
from ..services.scope import visible_districts
from . import fill_district_filter


@bp.get("/readiness")
def readiness():
    form = DistrictFilterForm()
    districts = visible_districts(current_user)
    district = fill_district_filter(form, districts)
    grouped = service.office_rows([district] if district else districts, current_user)
    return render("reporting/readiness/index.html", "reporting/readiness/_readiness.html",
                  form=form, summary=service.summary(grouped),
                  thresholds=service.thresholds(), detailed=district is not None
                  or len(districts) == 1)


@bp.route("/readiness/offices/<int:office_id>", methods=["GET", "POST"])
def update_readiness(office_id):
    office = load_reported_or_404(Office, office_id)
    if not policy.can_report_for_office(current_user, office):
        raise NotAllowed(_("You may report only for offices in your own district."))
    current = service.readiness_of(office)
    form = ReadinessForm(obj=current)
    sent = submit(form, lambda: service.update_readiness(current_user, office, **form.payload()))
    if not sent.done:
        return render("reporting/readiness/form.html", "reporting/readiness/_form.html",
                      status=sent.status, form=form, office=office, current=current,
                      thresholds=service.thresholds(), error=sent.error)
    flash(_("Readiness figures saved for %(office)s.", office=name_in(office)), "success")
    return redirect_to("reporting.readiness", district=policy.reporting_district_of(
        office.org_unit).code)
