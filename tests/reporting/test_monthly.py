import csv
import io
from datetime import date, datetime, timedelta

import pytest

from eoffice.clock import today, travel_to
from eoffice.errors import Conflict, NotAllowed, WorkflowError
from eoffice.extensions import db
from eoffice.months import month_key, next_month, previous_month
from eoffice.reporting.services import adoption, monthly, problems, workshops
from tests.conftest import csrf_token, login
from tests.factories import make_file
from tests.reporting.factories import make_proposal, user

LAST = previous_month(today())
KEY = month_key(LAST)


def test_assembled_from_the_other_areas_as_at_month_end(org):
    srinagar = org["units"]["srinagar"]
    end = datetime.combine(next_month(LAST), datetime.min.time())
    proposal = make_proposal(srinagar, status="approved", service_name="Income certificate")
    proposal.created_at = end - timedelta(days=20)
    for event, days_before_end in zip(proposal.events, (20, 10, -2, -3)):
        event.at = end - timedelta(days=days_before_end)  # reviewed after the month ended
    later = make_proposal(srinagar, service_name="Made next month")
    later.created_at = end + timedelta(days=1)
    workshops.record_workshop(user("dc.srinagar"), org["units"]["khanyar"], held_on=LAST,
                              venue="Hall", trainer="DIO", participants=20,
                              offices_covered="", topics="e-files")
    problems.raise_problem(user("so.srinagar"), org["offices"]["tehsil"], "vpn", "VPN down")
    db.session.commit()
    content = monthly.assemble(srinagar, LAST, now=end + timedelta(days=5))
    assert dict(content["adoption"])["e-files opened"] == 0
    assert [(r["service_name"], r["status"]) for r in content["proposals"]["rows"]] == [
        ("Income certificate", "submitted")]
    assert content["proposals"]["counted"] == 1
    assert content["workshops"]["participants"] == 20
    assert content["workshops"]["covered"] == ["Khanyar"]
    assert [r["office"] for r in content["readiness"]["rows"]] == [
        "Deputy Commissioner Office, Srinagar", "Tehsil Office, Khanyar"]
    # the problem was raised after the month ended (today), so it is not in last month's list
    assert content["problems"]["rows"] == []


def test_adoption_figures_come_from_the_dashboards(client, org):
    with travel_to(datetime.combine(LAST, datetime.min.time()) + timedelta(days=3, hours=6)):
        make_file(user("so.srinagar"))
        make_file(user("so.srinagar"), subject="Old register", is_electronic=False)
    figures = dict(adoption.adoption_figures(org["units"]["srinagar"], LAST,
                                             next_month(LAST) - timedelta(days=1)))
    assert figures["e-files opened"] == 1 and figures["Physical files opened"] == 1
    assert figures["Electronic share of files"] == "50%"
    login(client, "dc.srinagar")
    page = client.get(f"/reports/monthly/SGR/{KEY}").get_data(as_text=True)
    assert "e-files opened" in page and "not available" not in page


def test_movements_are_named_for_what_they_count(org):
    """The dashboards count sends of files and of receipts; so does the report's row."""
    from eoffice.movement.services import send
    from tests.factories import make_receipt

    with travel_to(datetime.combine(LAST, datetime.min.time()) + timedelta(days=3, hours=6)):
        send(user("so.srinagar"), make_file(user("so.srinagar")), [org["posts"]["adc"].id])
        send(user("cru.srinagar"), make_receipt(user("cru.srinagar")), [org["posts"]["so"].id])
        db.session.commit()
    figures = dict(adoption.adoption_figures(org["units"]["srinagar"], LAST,
                                             next_month(LAST) - timedelta(days=1)))
    assert figures["File and receipt movements"] == 2 and "File movements" not in figures
    old = [["File movements", 40]]  # as reports submitted before kept it
    assert adoption.translated(old, today()) == [["File and receipt movements", 40]]


def test_submitted_report_is_frozen(org):
    srinagar, dc = org["units"]["srinagar"], user("dc.srinagar")
    with pytest.raises(WorkflowError):
        monthly.submit_report(dc, srinagar, LAST, "  ")
    monthly.save_remarks(dc, srinagar, LAST, "Draft thoughts")
    report = monthly.submit_report(dc, srinagar, LAST, "All tehsils trained.")
    db.session.commit()
    assert (report.status, report.submitted_by.username) == ("submitted", "dc.srinagar")
    assert report.submitted_at is not None
    frozen = report.content
    make_proposal(srinagar, status="submitted", service_name="Added afterwards")
    with pytest.raises(Conflict):
        monthly.save_remarks(dc, srinagar, LAST, "Changed my mind")
    with pytest.raises(Conflict):
        monthly.submit_report(dc, srinagar, LAST, "Again")
    db.session.rollback()
    db.session.refresh(report)
    assert report.content == frozen and report.dc_remarks == "All tehsils trained."
    content = monthly.report_content(srinagar, LAST, report)
    assert content["remarks"] == "All tehsils trained."
    assert "Added afterwards" not in [r["service_name"] for r in content["proposals"]["rows"]]


def test_only_the_district_head_submits(org):
    srinagar = org["units"]["srinagar"]
    with pytest.raises(NotAllowed):
        monthly.submit_report(user("so.srinagar"), srinagar, LAST, "Remarks")
    with pytest.raises(NotAllowed):
        monthly.submit_report(user("cs.it"), srinagar, LAST, "Remarks")
    with pytest.raises(WorkflowError):  # no reports for months to come
        monthly.submit_report(user("dc.srinagar"), srinagar, next_month(today()), "Remarks")


def test_submit_through_the_page_then_changes_are_refused(client, org):
    login(client, "dc.srinagar")
    url = f"/reports/monthly/SGR/{KEY}"
    token = csrf_token(client, url)
    saved = client.post(url, data={"csrf_token": token, "remarks": "Draft", "save": "Save"})
    assert saved.status_code == 303
    empty = client.post(url, data={"csrf_token": token, "remarks": "", "submit_report": "1"},
                        headers={"HX-Request": "true"})
    assert empty.status_code == 422
    assert empty.get_data(as_text=True).startswith('<section id="remarks">')
    done = client.post(url, data={"csrf_token": token, "remarks": "Final remarks",
                                  "submit_report": "Submit"})
    assert done.status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert "This report is frozen." in page and "Final remarks" in page
    assert 'name="remarks"' not in page
    again = client.post(url, data={"csrf_token": token, "remarks": "Changed", "save": "Save"})
    assert again.status_code == 409
    report = monthly.get_report(org["units"]["srinagar"], LAST)
    db.session.refresh(report)
    assert report.dc_remarks == "Final remarks"


def test_ut_sees_which_districts_submitted(client, org):
    monthly.submit_report(user("dc.srinagar"), org["units"]["srinagar"], LAST, "Done")
    monthly.save_remarks(user("dc.jammu"), org["units"]["jammu"], LAST, "Working on it")
    db.session.commit()
    login(client, "cs.it")
    page = client.get(f"/reports/monthly?month={KEY}").get_data(as_text=True)
    assert "1 of 2 districts have submitted." in page
    rows = {line.split("</a>")[0].rsplit(">", 1)[1]: line for line in page.split("<tr>")[2:]}
    assert "Submitted" in rows["Srinagar"] and "Dc Srinagar" in rows["Srinagar"]
    assert "Draft" in rows["Jammu"]
    overview = client.get("/reports/").get_data(as_text=True)
    assert "1 of 2 have submitted their report" in overview


def test_csv_export_of_each_table(client, org):
    proposal = make_proposal(org["units"]["srinagar"], status="submitted",
                             service_name="=HYPERLINK(1)")
    proposal.created_at = datetime.combine(LAST, datetime.min.time()) + timedelta(days=2)
    for event in proposal.events:  # made last month, reported in last month's report
        event.at = proposal.created_at
    monthly.submit_report(user("dc.srinagar"), org["units"]["srinagar"], LAST, "Last month")
    db.session.commit()
    login(client, "cs.it")
    month = KEY
    response = client.get(f"/reports/monthly/SGR/{month}/proposals.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="monthly-report-SGR-{month}-proposals.csv"')
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["Service", "Department", "Status"]
    assert rows[1][0] == "'=HYPERLINK(1)" and rows[1][2] == "Submitted"
    for table in ("workshops", "readiness", "problems"):
        assert client.get(f"/reports/monthly/SGR/{month}/{table}.csv").status_code == 200
    assert client.get(f"/reports/monthly/SGR/{month}/secrets.csv").status_code == 404
    assert client.get(f"/reports/monthly/SGR/{month_key(next_month(today()))}").status_code == 404


def test_frozen_adoption_figures_read_in_the_readers_language(client, org):
    dc = user("dc.srinagar")
    dc.language = "hi"
    db.session.commit()
    login(client, "dc.srinagar")
    url = f"/reports/monthly/SGR/{KEY}"
    done = client.post(url, data={"csrf_token": csrf_token(client, url), "remarks": "Done",
                                  "submit_report": "Submit"})
    assert done.status_code == 303
    assert "खोली गई ई-फ़ाइलें" in client.get(url).get_data(as_text=True)
    reader = client.application.test_client()
    login(reader, "cs.it")
    page = reader.get(url).get_data(as_text=True)
    assert "e-files opened" in page and "खोली गई ई-फ़ाइलें" not in page
    user("cs.it").language = "ur"
    db.session.commit()
    assert "کھولی گئی ای فائلیں" in reader.get(url).get_data(as_text=True)


def test_overdue_items_are_labelled_with_the_day_they_were_counted(client, org):
    """Pendency has no history, so a past month's overdue count is the one on the day the
    report was assembled: the draft names today, the frozen report its submission day."""
    november = date(2026, 11, 1)
    submitted, viewed = datetime(2026, 12, 3, 6), datetime(2026, 12, 15, 6)
    with travel_to(submitted):  # after November ended: its report may be submitted
        monthly.submit_report(user("dc.srinagar"), org["units"]["srinagar"], november, "Done")
        db.session.commit()
    with travel_to(viewed):
        login(client, "cs.it")
        frozen = client.get("/reports/monthly/SGR/2026-11").get_data(as_text=True)
        draft = client.get("/reports/monthly/JMU/2026-11").get_data(as_text=True)
    assert "Overdue items on 03-12-2026" in frozen
    assert "Overdue items on 15-12-2026" not in frozen
    assert "Overdue items on 15-12-2026" in draft
    for page in (frozen, draft):
        assert "Overdue items</th>" not in page
    # reports submitted before the label named its day counted it on their day too
    assert adoption.translated([["Overdue items", 3]], date(2026, 11, 5)) == [
        ["Overdue items on 05-11-2026", 3]]


def test_a_month_is_submitted_only_once_it_has_ended_in_the_office(client, org):
    srinagar, dc = org["units"]["srinagar"], user("dc.srinagar")
    october = date(2026, 10, 1)
    with travel_to(datetime(2026, 10, 31, 18, 29)):  # 23:59 IST on 31 October
        with pytest.raises(WorkflowError) as early:
            monthly.submit_report(dc, srinagar, october, "Partial figures")
        assert "01-11-2026" in str(early.value.message)
        db.session.rollback()
        monthly.save_remarks(dc, srinagar, october, "Notes while the month runs")  # a draft
        db.session.commit()
        login(client, "dc.srinagar")
        url = "/reports/monthly/SGR/2026-10"
        page = client.get(url).get_data(as_text=True)
        assert "Submitting opens on 01-11-2026" in page and 'name="submit_report"' not in page
        refused = client.post(url, data={"csrf_token": csrf_token(client, url),
                                         "remarks": "Freeze it now", "submit_report": "1"})
        assert refused.status_code == 422 and "01-11-2026" in refused.get_data(as_text=True)
        report = monthly.get_report(srinagar, october, fresh=True)
        assert report.status == "draft" and report.content is None
    with travel_to(datetime(2026, 10, 31, 18, 30)):  # midnight IST: November has begun
        page = client.get("/reports/monthly/SGR/2026-10").get_data(as_text=True)
        assert 'name="submit_report"' in page and "Submitting opens" not in page
        report = monthly.submit_report(dc, srinagar, october, "Complete figures")
        db.session.commit()
    assert report.status == "submitted"


def test_a_past_month_shows_readiness_as_it_stood_at_its_end(client, org):
    from eoffice.reporting.services import readiness
    office, so = org["offices"]["tehsil"], user("so.srinagar")
    october = date(2026, 10, 1)
    figures = dict(computers=2, scanners=0, bandwidth_mbps=2, vpn_accounts=0,
                   signing_tokens=0, staff_trained=1)
    with travel_to(datetime(2026, 10, 5, 6, 0)):
        readiness.update_readiness(so, office, **figures)
        db.session.commit()
    with travel_to(datetime(2026, 12, 7, 6, 0)):  # much better by December
        readiness.update_readiness(so, office, **dict(figures, computers=12, scanners=4))
        db.session.commit()
        content = monthly.assemble(org["units"]["srinagar"], october)
        rows = {r["office"]: r for r in content["readiness"]["rows"]}
        khanyar = rows["Tehsil Office, Khanyar"]
        assert (khanyar["computers"], khanyar["scanners"]) == (2, 0)
        assert khanyar["updated_on"] == "2026-10-05"
        assert rows["Deputy Commissioner Office, Srinagar"]["updated_on"] is None
        assert content["readiness"]["month_ended"] is True
        monthly.submit_report(user("dc.srinagar"), org["units"]["srinagar"], october, "Done")
        db.session.commit()
        login(client, "dc.srinagar")
        page = client.get("/reports/monthly/SGR/2026-10").get_data(as_text=True)
        section = page[page.index("<h2>IT readiness"):]
        section = section[:section.index("<h2>", 5)]
        assert "As it stood at the end of 31-10-2026" in section
        assert "05-10-2026" in section and "07-12-2026" not in section
        november = monthly.assemble(org["units"]["srinagar"], date(2026, 11, 1))
        assert {r["office"]: r["computers"] for r in november["readiness"]["rows"]}[
            "Tehsil Office, Khanyar"] == 2  # December's figures came after November too
        december = monthly.assemble(org["units"]["srinagar"], date(2026, 12, 1),
                                    now=datetime(2026, 12, 7, 6, 1))
        assert december["readiness"]["month_ended"] is False
        assert {r["office"]: r["computers"] for r in december["readiness"]["rows"]}[
            "Tehsil Office, Khanyar"] == 12
    assert len(readiness.readiness_history(office)) == 2
