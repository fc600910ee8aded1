from datetime import timedelta

import pytest
from sqlalchemy import select

from eoffice.clock import utcnow
from eoffice.errors import NotAllowed, WorkflowError
from eoffice.extensions import db
from eoffice.models import InfraProblem
from eoffice.reporting.services import problems
from tests.conftest import csrf_token, login
from tests.reporting.factories import user


def test_raise_escalate_comment_resolve_keeps_history(org):
    so, cs = user("so.srinagar"), user("cs.it")
    problem = problems.raise_problem(so, org["offices"]["tehsil"], "vpn", "VPN down",
                                     "Since Monday")
    problems.escalate_problem(so, problem, "nic", "Token server unreachable")
    with pytest.raises(WorkflowError):
        problems.escalate_problem(so, problem, "nic")
    problems.comment_on_problem(cs, problem, "NIC engineer assigned.")
    problems.escalate_problem(cs, problem, "egov_agency", "Needs the agency after all")
    problems.resolve_problem(so, problem, "Working again.")
    db.session.commit()
    assert problem.status == "resolved" and problem.escalated_to == "egov_agency"
    assert [(e.action, e.user.username) for e in problem.events] == [
        ("raised", "so.srinagar"), ("escalated", "so.srinagar"), ("comment", "cs.it"),
        ("escalated", "cs.it"), ("resolved", "so.srinagar")]
    with pytest.raises(NotAllowed):  # resolved problems are closed to further action
        problems.comment_on_problem(cs, problem, "Late comment")


def test_other_districts_may_not_raise_or_handle(org):
    with pytest.raises(NotAllowed):
        problems.raise_problem(user("dc.jammu"), org["offices"]["dc_sgr"], "hardware", "x")
    problem = problems.raise_problem(user("so.srinagar"), org["offices"]["dc_sgr"], "hardware",
                                     "Scanner broken")
    with pytest.raises(NotAllowed):
        problems.resolve_problem(user("dc.jammu"), problem)


def test_summary_by_status_and_age(org):
    so = user("so.srinagar")
    now = utcnow()
    ages = {"fresh": 2, "weeks": 20, "old": 45, "fixed": 60}
    made = {}
    for name, days in ages.items():
        made[name] = problems.raise_problem(so, org["offices"]["dc_sgr"], "bandwidth", name)
        made[name].raised_at = now - timedelta(days=days)
    problems.escalate_problem(so, made["weeks"], "nic")
    problems.resolve_problem(so, made["fixed"])
    problems.raise_problem(user("dc.jammu"), org["offices"]["dc_jmu"], "other", "Jammu one")
    db.session.commit()
    summary = {s["district"].code: s for s in problems.district_summary(
        user("cs.it"), [org["units"]["jammu"], org["units"]["srinagar"]], now)}
    sgr = summary["SGR"]
    assert (sgr["open"], sgr["escalated"], sgr["resolved"]) == (2, 1, 1)
    assert (sgr["week"], sgr["month"], sgr["older"], sgr["oldest_days"]) == (1, 1, 1, 45)
    assert (summary["JMU"]["open"], summary["JMU"]["week"]) == (1, 1)


def test_problem_pages(app, client, org):
    login(client, "so.srinagar")
    token = csrf_token(client, "/reports/problems/new")
    response = client.post("/reports/problems/new", data={
        "csrf_token": token, "office_id": org["offices"]["tehsil"].id, "category": "hardware",
        "summary": "Scanner broken", "description": "Feeder jams"})
    assert response.status_code == 303
    problem = db.session.scalar(select(InfraProblem))
    url = f"/reports/problems/{problem.id}"
    empty = client.post(f"{url}/comment", data={"csrf_token": token, "comment-remarks": ""},
                        headers={"HX-Request": "true"})
    assert empty.status_code == 422
    assert empty.get_data(as_text=True).startswith('<section id="problem-actions">')
    assert client.post(f"{url}/escalate", data={"csrf_token": token, "escalated_to": "nic",
                                                "remarks": "Vendor"}).status_code == 303
    assert client.post(f"{url}/nonsense", data={"csrf_token": token}).status_code == 404
    client = app.test_client()
    login(client, "cs.it")
    token = csrf_token(client, url)
    assert client.post(f"{url}/resolve", data={"csrf_token": token,
                                               "resolve-remarks": "Replaced"}).status_code == 303
    db.session.refresh(problem)
    assert problem.status == "resolved"
    page = client.get(url).get_data(as_text=True)
    assert "Replaced" in page and "Add comment" not in page
    listing = client.get("/reports/problems?status=resolved&category=hardware",
                         headers={"HX-Request": "true"}).get_data(as_text=True)
    assert listing.startswith('<div id="problems">') and "Scanner broken" in listing
