"""Two people at once on a record that is made on first use (both saves land on one
row), and on a record with a status (a decision taken meanwhile is seen: a submitted
report stays as submitted, a rejected proposal is not approved too, a resolved problem
is not escalated)."""
import pytest
from sqlalchemy import func, select

from eoffice.clock import today
from eoffice.errors import Conflict, NotAllowed, WorkflowError
from eoffice.extensions import db
from eoffice.models import (
    InfraProblem,
    MonthlyReport,
    Office,
    OfficeReadiness,
    OrgUnit,
    ProblemEvent,
    ProposalEvent,
    ServiceProposal,
)
from eoffice.months import previous_month
from eoffice.reporting.services import monthly, problems, proposals, readiness
from tests.factories import make_org
from tests.movement.test_concurrency import run_together, user
from tests.reporting.factories import make_proposal
from tests.reporting.test_readiness import GOOD

LAST = previous_month(today())


def _district_id(org):
    district_id = org["units"]["srinagar"].id
    db.session.commit()  # and no more reads here: on SQLite they would keep an old snapshot
    return district_id


def test_two_first_saves_of_a_monthly_report_make_one_report(shared_app):
    district_id = _district_id(make_org())

    def save(index):
        monthly.save_remarks(user("dc.srinagar"), db.session.get(OrgUnit, district_id), LAST,
                             f"Remarks {index}")
        return "saved"

    assert run_together(shared_app, 2, save) == ["saved", "saved"]
    db.session.expire_all()
    (report,) = db.session.scalars(select(MonthlyReport)).all()
    assert report.dc_remarks in ("Remarks 0", "Remarks 1")


def test_a_save_racing_the_submit_never_changes_the_submitted_report(shared_app):
    district_id = _district_id(make_org())

    def work(index):
        dc, district = user("dc.srinagar"), db.session.get(OrgUnit, district_id)
        if index == 0:
            monthly.submit_report(dc, district, LAST, "Final remarks")
            return "submitted"
        monthly.save_remarks(dc, district, LAST, "Late remarks")
        return "saved"

    results = run_together(shared_app, 2, work)
    assert results[0] == "submitted", results
    assert results[1] == "saved" or isinstance(results[1], Conflict), results
    db.session.expire_all()
    (report,) = db.session.scalars(select(MonthlyReport)).all()
    assert (report.status, report.dc_remarks) == ("submitted", "Final remarks")
    assert report.content["remarks"] == "Final remarks"


def test_two_first_readiness_reports_for_an_office_make_one_row(shared_app):
    org = make_org()
    office_id = org["offices"]["dc_sgr"].id
    db.session.commit()

    def report(index):
        readiness.update_readiness(user("dc.srinagar"), db.session.get(Office, office_id),
                                   **dict(GOOD, computers=20 + index))
        return "reported"

    assert run_together(shared_app, 2, report) == ["reported", "reported"]
    db.session.expire_all()
    (row,) = db.session.scalars(select(OfficeReadiness)).all()
    assert row.computers in (20, 21)
    assert db.session.scalar(select(func.count()).select_from(OfficeReadiness)) == 1


def test_a_report_submitted_meanwhile_is_not_changed_by_a_save(shared_app):
    """The page has loaded the draft when the submit lands; its save must see the submit."""
    org = make_org()
    dc, district = org["users"]["dc.srinagar"], org["units"]["srinagar"]
    district_id = district.id
    monthly.save_remarks(dc, district, LAST, "Draft")
    db.session.commit()
    shown = monthly.get_report(district, LAST)  # held, as the page's view holds it
    assert shown.status == "draft"

    def submit(_index):
        monthly.submit_report(user("dc.srinagar"), db.session.get(OrgUnit, district_id), LAST,
                              "Final remarks")
        return "submitted"

    assert run_together(shared_app, 1, submit) == ["submitted"]
    with pytest.raises(Conflict):
        monthly.save_remarks(dc, district, LAST, "Late remarks")
    db.session.rollback()
    assert monthly.get_report(district, LAST).dc_remarks == "Final remarks"


def _decided_meanwhile(shared_app, decide):
    """Runs decide() in another session, as a second person would, and waits for it."""
    def work(_index):
        decide()
        return "decided"

    assert run_together(shared_app, 1, work) == ["decided"]


def test_a_proposal_rejected_meanwhile_is_not_approved_too(shared_app):
    org = make_org()
    shown = make_proposal(org["units"]["srinagar"], status="under_review")
    proposal_id = shown.id
    _decided_meanwhile(shared_app, lambda: proposals.change_proposal_status(
        user("cs.it"), db.session.get(ServiceProposal, proposal_id), "rejected", "Duplicate."))
    with pytest.raises(WorkflowError):
        proposals.change_proposal_status(org["users"]["cs.it"], shown, "approved")
    db.session.rollback()
    moves = db.session.scalars(select(ProposalEvent.to_status).where(
        ProposalEvent.proposal_id == proposal_id, ProposalEvent.action == "status")).all()
    assert moves[-1] == "rejected" and "approved" not in moves


def test_a_problem_resolved_meanwhile_is_not_escalated(shared_app):
    org = make_org()
    shown = problems.raise_problem(org["users"]["so.srinagar"], org["offices"]["tehsil"], "vpn",
                                   "VPN down")
    db.session.commit()
    problem_id = shown.id
    _decided_meanwhile(shared_app, lambda: problems.resolve_problem(
        user("dc.srinagar"), db.session.get(InfraProblem, problem_id), "Fixed."))
    with pytest.raises(NotAllowed):
        problems.escalate_problem(org["users"]["cs.it"], shown, "nic")
    db.session.rollback()
    assert db.session.get(InfraProblem, problem_id).status == "resolved"
    actions = db.session.scalars(select(ProblemEvent.action).where(
        ProblemEvent.problem_id == problem_id)).all()
    assert actions == ["raised", "resolved"]
