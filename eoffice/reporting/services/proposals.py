"""Online-service proposals: a district drafts and submits, the UT reviews until live."""
from flask import current_app
from sqlalchemy import func, select

from ... import audit, policy
from ...clock import utcnow
from ...database import lock_row
from ...errors import Conflict, NotAllowed, WorkflowError
from ...extensions import db
from ...i18n import lazy_gettext as _
from ...models import OrgUnit, ServiceProposal
from ...models.proposal import COUNTED_STATUSES, REMARKS_REQUIRED, ProposalEvent
from .scope import visible_districts, within

FIELDS = ("service_name", "department_id", "citizen_gets", "documents_needed",
          "expected_applications", "delivery_days", "fee_rupees")


def create_proposal(actor, district, **fields):
    """Only the district's own users draft proposals for it."""
    if not policy.can_edit_district_entries(actor, district):
        raise NotAllowed(_("You may add entries only for your own district."))
    now = utcnow()
    proposal = ServiceProposal(district=district, status="draft", created_by=actor,
                               created_at=now, updated_at=now,
                               **{k: fields[k] for k in FIELDS})
    db.session.add(proposal)
    _record(actor, proposal, "created", None, "draft", "", now)
    return proposal


def update_proposal(actor, proposal, **fields):
    """A draft or returned proposal may be changed by its district; each change is kept."""
    lock_row(proposal)
    if not policy.can_edit_proposal(actor, proposal):
        raise NotAllowed(_("This proposal cannot be changed now."))
    changed = [k for k in FIELDS if getattr(proposal, k) != fields[k]]
    for key in changed:
        setattr(proposal, key, fields[key])
    if changed:
        proposal.updated_at = utcnow()
        _record(actor, proposal, "edited", proposal.status, proposal.status,
                ", ".join(changed), proposal.updated_at)
    return proposal


def submit_proposal(actor, proposal, remarks=""):
    """A draft or returned proposal goes to the UT for review."""
    lock_row(proposal)
    if not policy.can_edit_proposal(actor, proposal):
        raise NotAllowed(_("This proposal cannot be submitted now."))
    return _move(actor, proposal, "submitted", remarks)


def change_proposal_status(actor, proposal, to_status, remarks="", service_code=None):
    """UT oversight moves a proposal along its review path; returns and rejections say why."""
    if not policy.can_oversee_reporting(actor):
        raise NotAllowed(_("Only UT oversight reviews proposals."))
    lock_row(proposal)
    if to_status not in proposal.review_moves():
        raise WorkflowError(_("A proposal cannot move from this status to that one."),
                            {"status": "transition"})
    if to_status in REMARKS_REQUIRED and not (remarks or "").strip():
        raise WorkflowError(_("Say why, in the remarks."), {"remarks": "required"})
    if to_status == "live":
        code = (service_code or "").strip()
        if not code:
            raise WorkflowError(_("Give the e-UNNAT service code."), {"service_code": "required"})
        taken = db.session.scalar(select(ServiceProposal.id).where(
            ServiceProposal.service_code == code, ServiceProposal.id != proposal.id))
        if taken:
            raise Conflict(_("Another proposal already has this service code."))
        proposal.service_code = code
    return _move(actor, proposal, to_status, remarks)


def _move(actor, proposal, to_status, remarks):
    now = utcnow()
    from_status, proposal.status, proposal.updated_at = proposal.status, to_status, now
    _record(actor, proposal, "status", from_status, to_status, remarks, now)
    return proposal


def _record(actor, proposal, action, from_status, to_status, remarks, at):
    db.session.add(ProposalEvent(proposal=proposal, action=action, from_status=from_status,
                                 to_status=to_status, remarks=remarks or "", user=actor, at=at))
    db.session.flush()
    audit.record(f"proposal.{action}", user=actor, obj=proposal,
                 detail=f"{from_status or ''} -> {to_status}: {remarks or ''}".strip())


def proposals_query(user, district=None, department_id=None, status=None):
    """Proposals the user may see, newest change first, narrowed by the filters given."""
    query = (select(ServiceProposal).join(ServiceProposal.district)
             .where(within(OrgUnit.path, user, district))
             .order_by(ServiceProposal.updated_at.desc(), ServiceProposal.id.desc()))
    if department_id:
        query = query.where(ServiceProposal.department_id == department_id)
    if status:
        query = query.where(ServiceProposal.status == status)
    return query


def minimum_per_district():
    return current_app.config["PROPOSALS_MIN_PER_DISTRICT"]


def counted_by_district(district_ids):
    """{district id: proposals counted toward the target}."""
    rows = db.session.execute(
        select(ServiceProposal.district_id, func.count())
        .where(ServiceProposal.status.in_(COUNTED_STATUSES),
               ServiceProposal.district_id.in_(district_ids))
        .group_by(ServiceProposal.district_id))
    return dict(rows.all())


def district_targets(user):
    """Every district the user sees, its counted proposals, and whether it falls short."""
    districts = visible_districts(user)
    counts = counted_by_district([d.id for d in districts])
    minimum = minimum_per_district()
    return [{"district": d, "counted": counts.get(d.id, 0),
             "short": counts.get(d.id, 0) < minimum} for d in districts]


