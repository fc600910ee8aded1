from flask import abort, flash
from flask_login import current_user

from ... import policy
from ...clock import today
from ...forms import query_value, submit
from ...htmx import redirect_to, render
from ...i18n import gettext as _
from ...loaders import load_district_or_404, load_report_month_or_404
from ...months import month_key, next_month, parse_month, previous_month
from ..blueprint import bp
from ..csv_export import REPORT_TABLES, csv_response, report_table
from ..forms import MonthlyReportForm
from ..services import monthly as service
from ..services.scope import visible_districts


@bp.get("/monthly")
def monthly():
    this_month = today().replace(day=1)
    month = parse_month(query_value("month")) or previous_month(this_month)
    month = min(month, this_month)
    districts = visible_districts(current_user)
    reports = service.reports_for(districts, month)
    later = next_month(month)
    return render("reporting/monthly/index.html", "reporting/monthly/_districts.html",
                  month=month, districts=districts, reports=reports,
                  submitted=sum(1 for r in reports.values() if r.is_submitted),
                  earlier=month_key(previous_month(month)),
                  later=month_key(later) if later <= this_month else None)


@bp.route("/monthly/<code>/<month>", methods=["GET", "POST"])
def monthly_report(code, month):
    district, month = load_district_or_404(code), load_report_month_or_404(month)
    report = service.get_report(district, month)
    form = MonthlyReportForm(data={"remarks": report.dc_remarks if report else ""})
    sent = submit(form, lambda: _save_report(form, district, month))
    if sent.done:
        flash(sent.result, "success")
        return redirect_to("reporting.monthly_report", code=code, month=month_key(month))
    content = service.report_content(district, month, report)
    return render("reporting/monthly/show.html", "reporting/monthly/_remarks.html",
                  status=sent.status, district=district, month=month, report=report,
                  content=content, form=form, error=sent.error, tables=REPORT_TABLES,
                  may_submit=policy.can_submit_monthly_report(current_user, district, report),
                  submission_opens=service.submission_opens(month),
                  submission_open=today() >= service.submission_opens(month))


def _save_report(form, district, month):
    """Submit (frozen from then) or save the remarks; what was done, to tell the user."""
    if form.submit_report.data:
        service.submit_report(current_user, district, month, form.remarks.data)
        return _("Report submitted. It is now frozen.")
    service.save_remarks(current_user, district, month, form.remarks.data)
    return _("Remarks saved. The report is still a draft.")


@bp.get("/monthly/<code>/<month>/<table>.csv")
def monthly_csv(code, month, table):
    district, month = load_district_or_404(code), load_report_month_or_404(month)
    if table not in REPORT_TABLES:
        abort(404)
    content = service.report_content(district, month, service.get_report(district, month))
    header, rows = report_table(content, table)
    return csv_response(f"monthly-report-{district.code}-{month_key(month)}-{table}.csv",
                        header, rows)
