"""Monthly district reports: assembled from the other areas, frozen once the DC submits."""
from datetime import date, datetime

from sqlalchemy import select

from ... import audit, policy
from ...clock import local_day, today, utc_end_of, utcnow
from ...database import lock_row
from ...errors import Conflict, NotAllowed, WorkflowError
from ...extensions import db
from ...i18n import format_date
from ...i18n import lazy_gettext as _
from ...models import InfraProblem, MonthlyReport, ProposalEvent, ServiceProposal
from ...models.proposal import COUNTED_STATUSES
from ...models.readiness import READINESS_MEASURES
from ...months import month_end, next_month
from . import adoption, problems, proposals, readiness, workshops


def get_report(district, month, fresh=False):
    """The district's report for the month; fresh re-reads it even if already loaded."""
    return db.session.scalar(select(MonthlyReport).where(
        MonthlyReport.district_id == district.id, MonthlyReport.month == month)
        .execution_options(populate_existing=fresh))


def reports_for(districts, month):
    """{district id: report} for the month; districts without one are left out."""
    rows = db.session.scalars(select(MonthlyReport).where(
        MonthlyReport.month == month, MonthlyReport.district_id.in_([d.id for d in districts])))
    return {r.district_id: r for r in rows}


def submission_opens(month):
    """The office's day from which a month's report may be submitted: the day after the
    month ends. Before then its figures are partial and it stays a draft."""
    return next_month(month)


def check_submission_open(month):
    if today() < submission_opens(month):
        raise WorkflowError(_("The report for %(month)s can be submitted from %(day)s, once "
                              "the month has ended.", month=month.strftime("%m-%Y"),
                              day=format_date(submission_opens(month))),
                            {"submit_report": "too_early"})


def check_month(month):
    if month > today().replace(day=1):
        raise WorkflowError(_("A report can be made only for this month or an earlier one."))


def report_content(district, month, report=None, now=None):
    """What the report says: its frozen snapshot once submitted, else assembled now."""
    if report is not None and report.is_submitted:
        content = revive(report.content)
    else:
        content = assemble(district, month, now)
        content["remarks"] = report.dc_remarks if report is not None else ""
        content = revive(content)
    content["adoption"] = adoption.translated(content["adoption"],
                                              local_day(content["assembled_at"]))
    return content


def save_remarks(actor, district, month, remarks):
    """The DC's remarks on a draft report; a submitted report is never changed."""
    report = _editable(actor, district, month)
    report.dc_remarks, report.updated_at, report.updated_by = remarks or "", utcnow(), actor
    db.session.flush()
    audit.record("monthly_report.remarks", user=actor, obj=report, detail=month.isoformat())
    return report


def submit_report(actor, district, month, remarks):
    """The DC submits: the assembled report and remarks are frozen, with who and when."""
    report = _editable(actor, district, month)
    check_submission_open(month)
    if not (remarks or "").strip():
        raise WorkflowError(_("Write your remarks before submitting."), {"remarks": "required"})
    now = utcnow()
    content = assemble(district, month, now)
    content["remarks"] = remarks
    report.dc_remarks, report.content, report.status = remarks, content, "submitted"
    report.submitted_at = report.updated_at = now
    report.submitted_by = report.updated_by = actor
    db.session.flush()
    audit.record("monthly_report.submit", user=actor, obj=report, detail=month.isoformat())
    return report


def _editable(actor, district, month):
    """The month's report to change, read under a lock on the district's row: two saves,
    or a save and a submit, then run one after the other and the second sees the first."""
    check_month(month)
    lock_row(district)
    report = get_report(district, month, fresh=True)
    if report is not None and report.is_submitted:
        raise Conflict(_("This report was submitted and can no longer be changed."))
    if not policy.can_submit_monthly_report(actor, district, report):
        raise NotAllowed(_("Only the district's head writes and submits its monthly report."))
    if report is None:
        report = MonthlyReport(district=district, month=month, status="draft", dc_remarks="",
                               updated_at=utcnow(), updated_by=actor)
        db.session.add(report)
    return report


def assemble(district, month, now=None):
    """The report as plain JSON values: figures as they stood at the end of the office's
    month (midnight IST, as the adoption figures count days), or now for the current
    month; readiness as each office last reported it before then."""
    now = now or utcnow()
    end = month_end(month)
    cutoff = min(now, utc_end_of(end))
    return {
        "district": {"code": district.code, "name": district.name},
        "starts_on": month.isoformat(), "ends_on": end.isoformat(),
        "assembled_at": now.isoformat(),
        "adoption": adoption.adoption_figures(district, month, end),
        "proposals": _proposals(district, cutoff),
        "workshops": _workshops(district, month, end),
        "readiness": _readiness(district, cutoff, month_ended=utc_end_of(end) <= now),
        "problems": _problems(district, cutoff),
    }


def _proposals(district, cutoff):
    rows = db.session.scalars(select(ServiceProposal).where(
        ServiceProposal.district_id == district.id, ServiceProposal.created_at < cutoff)
        .order_by(ServiceProposal.service_name)).all()
    status_then = {}
    events = db.session.execute(
        select(ProposalEvent.proposal_id, ProposalEvent.to_status)
        .where(ProposalEvent.proposal_id.in_([p.id for p in rows]),
               ProposalEvent.action.in_(("created", "status")), ProposalEvent.at < cutoff)
        .order_by(ProposalEvent.at, ProposalEvent.id))
    for proposal_id, to_status in events:
        status_then[proposal_id] = to_status
    table = [{"service_name": p.service_name, "department": p.department.name,
              "status": status_then.get(p.id, p.status),
              "service_code": p.service_code if status_then.get(p.id) == "live" else None,
              "expected_applications": p.expected_applications,
              "delivery_days": p.delivery_days, "fee_rupees": p.fee_rupees} for p in rows]
    return {"target": proposals.minimum_per_district(),
            "counted": sum(1 for r in table if r["status"] in COUNTED_STATUSES),
            "rows": table}


def _workshops(district, month, end):
    held = db.session.scalars(workshops.workshops_query(None, district, month, end)).all()
    cover = workshops.coverage([district], until=end)[0]
    return {"rows": [{"held_on": w.held_on.isoformat(), "unit": w.org_unit.name,
                      "venue": w.venue, "trainer": w.trainer, "participants": w.participants,
                      "offices_covered": w.offices_covered, "topics": w.topics} for w in held],
            "participants": sum(w.participants for w in held),
            "covered": [c["unit"].name for c in cover["covered"]],
            "uncovered": [u.name for u in cover["uncovered"]]}


def _readiness(district, cutoff, month_ended):
    (_district, rows), = readiness.office_rows([district])
    rows = readiness.as_of(rows, cutoff)
    table = []
    for row in rows:
        figures = row["readiness"]
        entry = {m: getattr(figures, m) if figures else None for m in READINESS_MEASURES}
        entry.update(office=row["office"].name, short=row["short"],
                     updated_on=local_day(figures.updated_at).isoformat() if figures else None)
        table.append(entry)
    return {"thresholds": readiness.thresholds(), "rows": table,
            "as_at": cutoff.isoformat(), "month_ended": month_ended,
            "flagged": sum(1 for r in table if r["short"])}


def _problems(district, cutoff):
    query = problems.problems_query(None, district).where(InfraProblem.raised_at < cutoff)
    table = []
    for problem in db.session.scalars(query):
        if problem.resolved_at is not None and problem.resolved_at < cutoff:
            continue
        table.append({"id": problem.id, "office": problem.office.name,
                      "category": problem.category, "summary": problem.summary,
                      "escalated_to": problem.escalated_to,
                      "raised_on": local_day(problem.raised_at).isoformat(),
                      "age_days": (cutoff - problem.raised_at).days})
    return {"rows": table}


def revive(value, key=""):
    """JSON back to Python: ISO strings under *_on become dates, under *_at datetimes."""
    if isinstance(value, dict):
        return {k: revive(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [revive(v) for v in value]
    if isinstance(value, str) and key.endswith("_on"):
        return date.fromisoformat(value)
    if isinstance(value, str) and key.endswith("_at"):
        return datetime.fromisoformat(value)
    return value
