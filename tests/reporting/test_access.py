"""A DC of one district cannot touch another district's entries; others read their subtree."""
from datetime import date

from eoffice.clock import today
from eoffice.extensions import db
from eoffice.months import month_key, previous_month
from eoffice.reporting.services import problems, workshops
from tests.conftest import csrf_token, login
from tests.reporting.factories import add_units, make_proposal, user


def srinagar_entries(org):
    units = add_units(org)
    proposal = make_proposal(org["units"]["srinagar"])
    workshop = workshops.record_workshop(user("dc.srinagar"), units["block1"],
                                         held_on=date(2026, 10, 1), venue="Hall", trainer="DIO",
                                         participants=10, offices_covered="", topics="")
    problem = problems.raise_problem(user("so.srinagar"), org["offices"]["dc_sgr"], "hardware",
                                     "Modem stolen")
    db.session.commit()
    return proposal, workshop, problem


def test_dc_of_another_district_gets_404_on_every_srinagar_entry(client, org):
    proposal, workshop, problem = srinagar_entries(org)
    month = month_key(previous_month(today()))
    login(client, "dc.jammu")
    token = csrf_token(client)
    gets = [f"/reports/proposals/{proposal.id}", f"/reports/proposals/{proposal.id}/edit",
            f"/reports/workshops/{workshop.id}/edit", f"/reports/problems/{problem.id}",
            f"/reports/readiness/offices/{org['offices']['dc_sgr'].id}",
            f"/reports/monthly/SGR/{month}", f"/reports/monthly/SGR/{month}/proposals.csv"]
    for url in gets:
        assert client.get(url).status_code == 404, url
    posts = [f"/reports/proposals/{proposal.id}/edit", f"/reports/proposals/{proposal.id}/submit",
             f"/reports/proposals/{proposal.id}/status", f"/reports/workshops/{workshop.id}/edit",
             f"/reports/problems/{problem.id}/comment", f"/reports/problems/{problem.id}/resolve",
             f"/reports/readiness/offices/{org['offices']['dc_sgr'].id}",
             f"/reports/monthly/SGR/{month}"]
    for url in posts:
        response = client.post(url, data={"csrf_token": token, "remarks": "x"})
        assert response.status_code in (403, 404), url
    db.session.refresh(proposal)
    assert proposal.status == "draft"
    # choosing a Srinagar unit in one's own form is refused as well
    response = client.post("/reports/workshops/new", data={
        "csrf_token": token, "org_unit_id": workshop.org_unit_id, "held_on": "2026-10-02",
        "venue": "v", "trainer": "t", "participants": 5})
    assert response.status_code == 422
    assert client.get("/reports/proposals").get_data(as_text=True).count(
        proposal.service_name) == 0


def test_same_district_non_head_reads_but_may_not_submit_the_report(client, org):
    srinagar_entries(org)
    month = month_key(previous_month(today()))
    login(client, "so.srinagar")
    page = client.get(f"/reports/monthly/SGR/{month}")
    assert page.status_code == 200 and 'name="remarks"' not in page.get_data(as_text=True)
    token = csrf_token(client)
    response = client.post(f"/reports/monthly/SGR/{month}",
                           data={"csrf_token": token, "remarks": "x", "submit_report": "1"})
    assert response.status_code == 403


def test_ut_oversight_reads_everything_but_edits_no_district_entry(client, org):
    proposal, workshop, problem = srinagar_entries(org)
    login(client, "cs.it")
    assert client.get(f"/reports/proposals/{proposal.id}").status_code == 200
    assert client.get(f"/reports/workshops/{workshop.id}/edit").status_code == 403
    assert client.get(f"/reports/proposals/{proposal.id}/edit").status_code == 403
    assert client.get("/reports/proposals/new").status_code == 403


def test_user_without_a_post_sees_nothing(client, org):
    srinagar_entries(org)
    login(client, "admin")
    for url in ("/reports/", "/reports/proposals", "/reports/monthly", "/reports/readiness"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Modem stolen" not in response.get_data(as_text=True)
    assert "nothing to report on" in client.get("/reports/").get_data(as_text=True)
