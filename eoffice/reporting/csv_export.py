"""The monthly report's tables as CSV downloads (spreadsheet-safe, UTF-8 with BOM)."""
import csv
import io

from flask import Response

from ..i18n import format_date
from ..i18n import gettext as _
from ..models.readiness import READINESS_MEASURES
from . import labels

REPORT_TABLES = ("proposals", "workshops", "readiness", "problems")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _proposals(content):
    header = [_("Service"), _("Department"), _("Status"), _("e-UNNAT service code"),
              _("Expected applications per year"), _("Time limit (days)"), _("Fee (rupees)")]
    rows = [[r["service_name"], r["department"], labels.PROPOSAL_STATUS[r["status"]],
             r["service_code"] or "", r["expected_applications"], r["delivery_days"],
             r["fee_rupees"]] for r in content["proposals"]["rows"]]
    return header, rows


def _workshops(content):
    header = [_("Date"), _("Tehsil or block"), _("Venue"), _("Trainer"), _("Participants"),
              _("Offices covered"), _("Topics")]
    rows = [[format_date(r["held_on"]), r["unit"], r["venue"], r["trainer"], r["participants"],
             r["offices_covered"], r["topics"]] for r in content["workshops"]["rows"]]
    return header, rows


def _readiness(content):
    header = [_("Office")] + [str(labels.MEASURE[m]) for m in READINESS_MEASURES] + [
        _("Last updated"), _("Below minimum")]
    rows = [[r["office"]] + ["" if r[m] is None else r[m] for m in READINESS_MEASURES]
            + [format_date(r["updated_on"]), "; ".join(str(labels.MEASURE[m]) for m in r["short"])]
            for r in content["readiness"]["rows"]]
    return header, rows


def _problems(content):
    header = [_("Number"), _("Office"), _("Kind of problem"), _("Summary"), _("Escalated to"),
              _("Raised on"), _("Age (days)")]
    rows = [[r["id"], r["office"], labels.PROBLEM_CATEGORY[r["category"]], r["summary"],
             labels.ESCALATION[r["escalated_to"]] if r["escalated_to"] else "",
             format_date(r["raised_on"]), r["age_days"]] for r in content["problems"]["rows"]]
    return header, rows


BUILDERS = {"proposals": _proposals, "workshops": _workshops, "readiness": _readiness,
            "problems": _problems}


def report_table(content, table):
    """(header, rows) of one table of an assembled or frozen monthly report."""
    return BUILDERS[table](content)


def _safe(value):
    """Text that a spreadsheet would run as a formula is kept as text."""
    value = str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_response(filename, header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_safe(h) for h in header])
    writer.writerows([[_safe(v) for v in row] for row in rows])
    response = Response("\ufeff" + buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
