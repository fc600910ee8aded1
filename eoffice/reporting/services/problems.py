"""Infrastructure problems: raised by an office, escalated, commented on, resolved."""
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from ... import audit, policy
from ...clock import utcnow
from ...database import lock_row
from ...errors import NotAllowed, WorkflowError
from ...extensions import db
from ...i18n import lazy_gettext as _
from ...models import InfraProblem, Office, OrgUnit, ProblemEvent
from ...models.problem import ESCALATION_TARGETS
from .scope import DistrictIndex, within

AGE_BUCKETS = ((7, "week"), (30, "month"), (None, "older"))  # days open, up to


def raise_problem(actor, office, category, summary, description=""):
    """An office in the actor's own district raises a problem; it starts open."""
    if not policy.can_report_for_office(actor, office):
        raise NotAllowed(_("You may report only for offices in your own district."))
    problem = InfraProblem(office=office, category=category, summary=summary,
                           description=description or "", status="open", raised_by=actor,
                           raised_at=utcnow())
    db.session.add(problem)
    _record(actor, problem, "raised", description, problem.raised_at)
    return problem


def comment_on_problem(actor, problem, remarks):
    """Anyone handling an unresolved problem may add a comment."""
    _take_to_handle(actor, problem)
    if not (remarks or "").strip():
        raise WorkflowError(_("Write a comment first."), {"remarks": "required"})
    return _record(actor, problem, "comment", remarks, utcnow())


def escalate_problem(actor, problem, to, remarks=""):
    """Escalation goes to NIC or to the e-governance agency, and may be redirected later."""
    _take_to_handle(actor, problem)
    if to not in ESCALATION_TARGETS:
        raise WorkflowError(_("Choose where to escalate."), {"escalated_to": "choice"})
    if problem.escalated_to == to:
        raise WorkflowError(_("This problem is already escalated there."),
                            {"escalated_to": "same"})
    problem.status, problem.escalated_to = "escalated", to
    return _record(actor, problem, "escalated", remarks, utcnow(), escalated_to=to)


def resolve_problem(actor, problem, remarks=""):
    """Resolving closes the problem; it then counts as resolved, with how long it took."""
    _take_to_handle(actor, problem)
    problem.status, problem.resolved_at = "resolved", utcnow()
    return _record(actor, problem, "resolved", remarks, problem.resolved_at)


def _take_to_handle(actor, problem):
    """The problem as it stands now, locked for this change, if the actor may handle it."""
    lock_row(problem)
    if not policy.can_handle_problem(actor, problem):
        raise NotAllowed(_("You may not act on this problem."))


def _record(actor, problem, action, remarks, at, escalated_to=None):
    event = ProblemEvent(problem=problem, action=action, remarks=remarks or "",
                         escalated_to=escalated_to, user=actor, at=at)
    db.session.add(event)
    db.session.flush()
    audit.record(f"problem.{action}", user=actor, obj=problem,
                 detail=" ".join(filter(None, (escalated_to, remarks))))
    return problem


def problems_query(user, district=None, status=None, category=None, unresolved=False):
    """Problems the user may see, oldest unresolved first, narrowed by the filters given."""
    query = (select(InfraProblem).join(InfraProblem.office).join(Office.org_unit)
             .options(contains_eager(InfraProblem.office).contains_eager(Office.org_unit))
             .where(within(OrgUnit.path, user, district))
             .order_by(InfraProblem.raised_at, InfraProblem.id))
    if status:
        query = query.where(InfraProblem.status == status)
    if unresolved:
        query = query.where(InfraProblem.status != "resolved")
    if category:
        query = query.where(InfraProblem.category == category)
    return query


def age_bucket(days):
    for limit, name in AGE_BUCKETS:
        if limit is None or days <= limit:
            return name


def district_summary(user, districts, now):
    """Per district: problems by status, and unresolved ones by age."""
    index = DistrictIndex(districts)
    only = districts[0] if len(districts) == 1 else None
    empty = {"open": 0, "escalated": 0, "resolved": 0, "week": 0, "month": 0, "older": 0,
             "oldest_days": None}
    result = {d.id: dict(empty, district=d) for d in districts}
    for problem in db.session.scalars(problems_query(user, only)):
        district = index.district_for(problem.office.org_unit.path)
        if district is None:
            continue
        entry = result[district.id]
        entry[problem.status] += 1
        if not problem.is_resolved:
            days = problem.age_days(now)
            entry[age_bucket(days)] += 1
            entry["oldest_days"] = max(entry["oldest_days"] or 0, days)
    return [result[d.id] for d in districts]
