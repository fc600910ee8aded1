import pytest

from eoffice.errors import NotAllowed
from eoffice.extensions import db
from eoffice.models import OfficeReadiness
from eoffice.reporting.services import readiness
from tests.conftest import csrf_token, login
from tests.reporting.factories import user

GOOD = {"computers": 12, "scanners": 2, "bandwidth_mbps": 34.0, "vpn_accounts": 5,
        "signing_tokens": 3, "staff_trained": 9}


def test_offices_below_a_threshold_or_unreported_are_flagged(app, org):
    offices, srinagar = org["offices"], org["units"]["srinagar"]
    readiness.update_readiness(user("dc.srinagar"), offices["dc_sgr"], **GOOD)
    readiness.update_readiness(user("so.srinagar"), offices["tehsil"],
                               **dict(GOOD, bandwidth_mbps=4.0, signing_tokens=0))
    db.session.commit()
    ((district, rows),) = readiness.office_rows([srinagar])
    by_office = {r["office"].code: r["short"] for r in rows}
    assert by_office == {"DC-SGR": [], "TO-SGR-T1": ["bandwidth_mbps", "signing_tokens"]}
    (summary,) = readiness.summary([(district, rows)])
    assert (summary["offices"], summary["reported"], summary["flagged"]) == (2, 2, 1)
    app.config["READINESS_MIN_COMPUTERS"] = 20  # thresholds come from configuration
    ((_, rows),) = readiness.office_rows([srinagar])
    assert all("computers" in r["short"] for r in rows)


def test_ut_summary_counts_unreported_offices(org):
    readiness.update_readiness(user("dc.srinagar"), org["offices"]["dc_sgr"], **GOOD)
    cs = user("cs.it")
    grouped = readiness.office_rows([org["units"]["jammu"], org["units"]["srinagar"]], cs)
    summary = {s["district"].code: s for s in readiness.summary(grouped)}
    assert (summary["JMU"]["reported"], summary["JMU"]["flagged"]) == (0, 1)
    assert (summary["SGR"]["reported"], summary["SGR"]["flagged"]) == (1, 1)


def test_only_the_offices_own_district_reports(org):
    with pytest.raises(NotAllowed):
        readiness.update_readiness(user("dc.jammu"), org["offices"]["dc_sgr"], **GOOD)
    with pytest.raises(NotAllowed):
        readiness.update_readiness(user("cs.it"), org["offices"]["dc_sgr"], **GOOD)


def test_update_through_the_page_and_summary(app, client, org):
    office = org["offices"]["tehsil"]
    login(client, "tehsildar.khanyar")
    url = f"/reports/readiness/offices/{office.id}"
    token = csrf_token(client, url)
    response = client.post(url, data=dict(GOOD, computers=2, csrf_token=token))
    assert response.status_code == 303
    row = db.session.query(OfficeReadiness).filter_by(office_id=office.id).one()
    assert row.computers == 2 and row.updated_by.username == "tehsildar.khanyar"
    invalid = client.post(url, data=dict(GOOD, computers=-1, csrf_token=token),
                          headers={"HX-Request": "true"})
    assert invalid.status_code == 422
    assert invalid.get_data(as_text=True).startswith('<div id="readiness-form"')
    client = app.test_client()
    login(client, "cs.it")
    page = client.get("/reports/readiness").get_data(as_text=True)
    assert "Tehsil Office, Khanyar (Computers)" in page
    assert "Deputy Commissioner Office, Srinagar (not reported)" in page
    fragment = client.get("/reports/readiness?district=SGR", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert body.startswith('<div id="readiness">') and 'class="short"' in body
