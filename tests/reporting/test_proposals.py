import pytest
from sqlalchemy import select

from eoffice.errors import Conflict, NotAllowed, WorkflowError
from eoffice.extensions import db
from eoffice.models import AuditEvent, ProposalEvent, ServiceProposal
from eoffice.reporting.services import proposals
from tests.conftest import csrf_token, login
from tests.reporting.factories import make_proposal, proposal_fields, user


def test_full_flow_from_draft_to_live_records_who_and_when(org):
    srinagar = org["units"]["srinagar"]
    dc, cs = user("dc.srinagar"), user("cs.it")
    proposal = proposals.create_proposal(dc, srinagar, **proposal_fields())
    assert proposal.status == "draft"
    proposals.submit_proposal(dc, proposal)
    for step in ("under_review", "approved", "in_development"):
        proposals.change_proposal_status(cs, proposal, step)
    proposals.change_proposal_status(cs, proposal, "live", service_code="EUN-SGR-001")
    db.session.commit()
    assert (proposal.status, proposal.service_code) == ("live", "EUN-SGR-001")
    events = db.session.scalars(select(ProposalEvent).where(
        ProposalEvent.proposal_id == proposal.id).order_by(ProposalEvent.id)).all()
    assert [(e.from_status, e.to_status) for e in events] == [
        (None, "draft"), ("draft", "submitted"), ("submitted", "under_review"),
        ("under_review", "approved"), ("approved", "in_development"), ("in_development", "live")]
    assert [e.user.username for e in events] == ["dc.srinagar"] * 2 + ["cs.it"] * 4
    assert all(e.at is not None for e in events)
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions.count("proposal.status") == 5


def test_returned_with_remarks_is_edited_and_resubmitted(org):
    proposal = make_proposal(org["units"]["srinagar"], status="under_review")
    cs, dc = user("cs.it"), user("dc.srinagar")
    with pytest.raises(WorkflowError):
        proposals.change_proposal_status(cs, proposal, "returned", remarks="  ")
    proposals.change_proposal_status(cs, proposal, "returned", remarks="Reduce the fee.")
    proposals.update_proposal(dc, proposal, **proposal_fields(fee_rupees=0, delivery_days=7))
    proposals.submit_proposal(dc, proposal, "Time limit cut to a week.")
    db.session.commit()
    assert proposal.status == "submitted"
    kinds = [(e.action, e.to_status, e.remarks) for e in proposal.events]
    assert ("status", "returned", "Reduce the fee.") in kinds
    assert ("edited", "returned", "delivery_days") in kinds
    assert kinds[-1] == ("status", "submitted", "Time limit cut to a week.")


def test_rejected_is_final_and_live_needs_a_unique_code(org):
    srinagar = org["units"]["srinagar"]
    cs = user("cs.it")
    rejected = make_proposal(srinagar, status="rejected")
    assert rejected.review_moves() == []
    with pytest.raises(WorkflowError):
        proposals.change_proposal_status(cs, rejected, "approved")
    first = make_proposal(srinagar, status="in_development")
    second = make_proposal(srinagar, status="in_development", service_name="Income certificate")
    with pytest.raises(WorkflowError):
        proposals.change_proposal_status(cs, first, "live")
    proposals.change_proposal_status(cs, first, "live", service_code="EUN-1")
    with pytest.raises(Conflict):
        proposals.change_proposal_status(cs, second, "live", service_code="EUN-1")


def test_who_may_do_what(org):
    srinagar = org["units"]["srinagar"]
    with pytest.raises(NotAllowed):  # UT oversight reviews, it does not draft for districts
        proposals.create_proposal(user("cs.it"), srinagar, **proposal_fields())
    with pytest.raises(NotAllowed):  # another district's DC
        proposals.create_proposal(user("dc.jammu"), srinagar, **proposal_fields())
    proposal = make_proposal(srinagar, status="submitted")
    with pytest.raises(NotAllowed):  # the district cannot approve its own proposal
        proposals.change_proposal_status(user("dc.srinagar"), proposal, "under_review")
    with pytest.raises(NotAllowed):  # submitted proposals are no longer edited
        proposals.update_proposal(user("dc.srinagar"), proposal, **proposal_fields())
    # anyone holding a post inside the district is one of its users
    tehsil_draft = make_proposal(srinagar, author="tehsildar.khanyar")
    assert tehsil_draft.created_by.username == "tehsildar.khanyar"


def test_districts_with_fewer_than_five_submitted_are_flagged(org):
    srinagar, jammu = org["units"]["srinagar"], org["units"]["jammu"]
    for n in range(5):
        make_proposal(srinagar, status="submitted" if n % 2 else "approved",
                      service_name=f"Service {n}")
    for n in range(2):
        make_proposal(jammu, author="dc.jammu", status="submitted", service_name=f"J {n}")
    # drafts, returned and rejected proposals do not count toward the target
    make_proposal(jammu, author="dc.jammu", status="draft")
    make_proposal(jammu, author="dc.jammu", status="returned")
    make_proposal(jammu, author="dc.jammu", status="rejected")
    targets = {t["district"].code: t for t in proposals.district_targets(user("cs.it"))}
    assert (targets["SGR"]["counted"], targets["SGR"]["short"]) == (5, False)
    assert (targets["JMU"]["counted"], targets["JMU"]["short"]) == (2, True)
    # a DC sees only their own district's line
    assert [t["district"].code for t in proposals.district_targets(user("dc.jammu"))] == ["JMU"]


def test_ut_page_lists_filters_and_flags(client, org):
    make_proposal(org["units"]["srinagar"], status="approved", service_name="Arms licence")
    make_proposal(org["units"]["jammu"], author="dc.jammu", status="submitted",
                  service_name="Fard copy")
    login(client, "cs.it")
    page = client.get("/reports/proposals").get_data(as_text=True)
    assert "Arms licence" in page and "Fard copy" in page
    assert "Fewer than 5 submitted:" in page and "Jammu, Srinagar" in page
    filtered = client.get("/reports/proposals?district=JMU&status=submitted",
                          headers={"HX-Request": "true"})
    body = filtered.get_data(as_text=True)
    assert filtered.status_code == 200 and "HX-Request" in filtered.headers["Vary"]
    assert body.startswith('<div id="proposals"') and "<html" not in body
    assert "Fard copy" in body and "Arms licence" not in body
    assert "Arms licence" not in client.get("/reports/proposals?status=live").get_data(as_text=True)


def test_district_drafts_and_submits_through_the_pages(client, org):
    login(client, "dc.srinagar")
    token = csrf_token(client, "/reports/proposals/new")
    data = dict(proposal_fields(), district_id=org["units"]["srinagar"].id, csrf_token=token)
    response = client.post("/reports/proposals/new", data=data)
    assert response.status_code == 303
    proposal = db.session.scalar(select(ServiceProposal))
    assert proposal.status == "draft" and proposal.created_by.username == "dc.srinagar"
    invalid = client.post("/reports/proposals/new", data=dict(data, service_name=""),
                          headers={"HX-Request": "true"})
    assert invalid.status_code == 422 and invalid.get_data(as_text=True).startswith(
        '<div id="proposal-form"')
    response = client.post(f"/reports/proposals/{proposal.id}/submit",
                           data={"csrf_token": token}, headers={"HX-Request": "true"})
    assert response.status_code == 204 and response.headers["HX-Redirect"]
    db.session.refresh(proposal)
    assert proposal.status == "submitted"
    page = client.get(f"/reports/proposals/{proposal.id}").get_data(as_text=True)
    assert "Change status" not in page and "Submit to the UT" not in page


def test_ut_reviews_through_the_page(client, org):
    proposal = make_proposal(org["units"]["srinagar"], status="submitted")
    login(client, "cs.it")
    page = client.get(f"/reports/proposals/{proposal.id}").get_data(as_text=True)
    assert "Change status" in page and "Edit" not in page
    token = csrf_token(client, f"/reports/proposals/{proposal.id}")
    missing = client.post(f"/reports/proposals/{proposal.id}/status",
                          data={"csrf_token": token, "status": "rejected", "remarks": ""},
                          headers={"HX-Request": "true"})
    assert missing.status_code == 422 and "Say why" in missing.get_data(as_text=True)
    done = client.post(f"/reports/proposals/{proposal.id}/status",
                       data={"csrf_token": token, "status": "returned",
                             "remarks": "Attach the department's consent."})
    assert done.status_code == 303
    db.session.refresh(proposal)
    assert proposal.status == "returned"
    history = client.get(f"/reports/proposals/{proposal.id}").get_data(as_text=True)
    assert "Attach the department&#39;s consent." in history
    assert "Returned with remarks" in history


def test_edit_through_the_page_names_the_changed_fields(client, org):
    proposal = make_proposal(org["units"]["srinagar"], status="returned")
    login(client, "so.srinagar")
    url = f"/reports/proposals/{proposal.id}/edit"
    token = csrf_token(client, url)
    data = dict(proposal_fields(delivery_days=7), district_id=proposal.district_id,
                csrf_token=token)
    assert client.post(url, data=data).status_code == 303
    history = client.get(f"/reports/proposals/{proposal.id}").get_data(as_text=True)
    assert "Changed: Time limit for delivery (days)" in history


def test_submitting_with_too_long_remarks_says_so_and_keeps_them(client, org):
    proposal = make_proposal(org["units"]["srinagar"])
    login(client, "dc.srinagar")
    url = f"/reports/proposals/{proposal.id}"
    token = csrf_token(client, url)
    remarks = "Checked with the tehsildars. " * 70  # over 2,000 characters
    for headers, start in (({}, "<!doctype html>"), ({"HX-Request": "true"}, "<")):
        refused = client.post(f"{url}/submit", headers=headers,
                              data={"submit-csrf_token": token, "submit-remarks": remarks})
        page = refused.get_data(as_text=True)
        assert refused.status_code == 422 and page.startswith(start)
        assert "Field cannot be longer than 2000 characters." in page
        assert "Checked with the tehsildars." in page
    db.session.refresh(proposal)
    assert proposal.status == "draft"


@pytest.mark.parametrize("days, english, hindi", [(1, "1 day<", "1 दिन<"), (15, "15 days<", "15 दिन<")])
def test_the_time_limit_reads_one_day_or_several(client, org, days, english, hindi):
    proposal = make_proposal(org["units"]["srinagar"], delivery_days=days)
    login(client, "dc.srinagar")
    page = client.get(f"/reports/proposals/{proposal.id}").get_data(as_text=True)
    assert english in page and "1 days" not in page
    client.post("/language", data={"language": "hi", "csrf_token": csrf_token(client)})
    assert hindi in client.get(f"/reports/proposals/{proposal.id}").get_data(as_text=True)


def test_a_refusal_naming_a_field_is_shown_beside_that_field(client, org):
    """Every form page places a service's refusal the same way: beside the field it names."""
    proposal = make_proposal(org["units"]["srinagar"], status="in_development")
    login(client, "cs.it")
    token = csrf_token(client, f"/reports/proposals/{proposal.id}")
    refused = client.post(f"/reports/proposals/{proposal.id}/status",
                          data={"csrf_token": token, "status": "live", "service_code": ""})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert '<p id="service_code-error" class="error">Give the e-UNNAT service code.</p>' in page
    db.session.refresh(proposal)
    assert proposal.status == "in_development"
