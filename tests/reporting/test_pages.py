"""Every reporting page renders for each kind of user, within the page and fragment budgets."""
import gzip

import pytest
from sqlalchemy import select

from eoffice.extensions import db
from eoffice.models import InfraProblem, OrgUnit, ServiceProposal
from tests.conftest import login
from tests.core.test_page_budget import BUDGET, first_load_bytes

FRAGMENT_BUDGET = 10 * 1024
PAGES = ["/reports/", "/reports/proposals", "/reports/workshops", "/reports/workshops/coverage",
         "/reports/readiness", "/reports/problems", "/reports/monthly"]


def load_demo(app):
    result = app.test_cli_runner().invoke(args=["eoffice", "demo"])
    assert result.exit_code == 0, result.output


@pytest.mark.slow
def test_demo_tells_a_story_for_the_ut(app, client):
    load_demo(app)
    counts = dict(db.session.execute(
        select(OrgUnit.code, db.func.count()).join(ServiceProposal.district)
        .where(ServiceProposal.status.in_(("submitted", "under_review", "approved",
                                           "in_development", "live")))
        .group_by(OrgUnit.code)).all())
    assert sum(1 for n in counts.values() if n >= 5) >= 4
    assert sum(1 for code in counts if counts[code] < 5) + (20 - len(counts)) >= 4
    assert db.session.scalar(select(db.func.count()).select_from(InfraProblem)) >= 10
    login(client, "cs.it", app.config["DEMO_PASSWORD"])
    overview = client.get("/reports/").get_data(as_text=True)
    assert "districts have fewer than 5 proposals submitted" in overview
    assert "fewer than 5" in overview and "Submitted" in overview and "Not started" in overview
    coverage = client.get("/reports/workshops/coverage").get_data(as_text=True)
    assert "Without a workshop:" in coverage and "Every tehsil and block has had a workshop." \
        in coverage
    for path in PAGES:
        assert first_load_bytes(client, path) < BUDGET, path
        fragment = client.get(path, headers={"HX-Request": "true"})
        assert fragment.status_code == 200
        body = fragment.get_data()
        assert b"<html" not in body and len(gzip.compress(body, 9)) < FRAGMENT_BUDGET, path


@pytest.mark.slow
def test_pages_for_a_district_user_on_demo_data(app, client):
    load_demo(app)
    login(client, "dc.srinagar", app.config["DEMO_PASSWORD"])
    for path in PAGES + ["/reports/proposals/new", "/reports/workshops/new",
                         "/reports/problems/new"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Baramulla" not in response.get_data(as_text=True), path
    assert first_load_bytes(client, "/reports/readiness") < BUDGET


def test_reports_link_in_navigation(client, org):
    login(client, "so.srinagar")
    assert 'href="/reports/"' in client.get("/inbox").get_data(as_text=True)
