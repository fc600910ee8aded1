from datetime import date

import pytest
from sqlalchemy import select

from eoffice.errors import NotAllowed, WorkflowError
from eoffice.extensions import db
from eoffice.models import Workshop
from eoffice.reporting.services import workshops
from tests.conftest import csrf_token, login
from tests.reporting.factories import add_units, user


def fields(**overrides):
    values = {"held_on": date(2026, 10, 14), "venue": "DC Office conference hall",
              "trainer": "NIC DIO", "participants": 30, "offices_covered": "Tehsil Office",
              "topics": "Diarising dak"}
    values.update(overrides)
    return values


def test_coverage_names_tehsils_and_blocks_without_a_workshop(org):
    units = add_units(org)
    srinagar = org["units"]["srinagar"]
    dc = user("dc.srinagar")
    workshops.record_workshop(dc, org["units"]["khanyar"], **fields())
    workshops.record_workshop(dc, org["units"]["khanyar"], **fields(held_on=date(2026, 10, 20)))
    workshops.record_workshop(dc, units["block1"], **fields())
    db.session.commit()
    (entry,) = workshops.coverage([srinagar])
    assert [(c["unit"].name, c["workshops"]) for c in entry["covered"]] == [
        ("Khanyar", 2), ("Srinagar Block I", 1)]
    assert entry["covered"][0]["last_held_on"] == date(2026, 10, 20)
    assert [u.name for u in entry["uncovered"]] == ["Shalteng", "Srinagar Block II"]
    assert entry["total"] == 4  # panchayats are not counted


def test_coverage_until_a_date_leaves_out_later_workshops(org):
    units = add_units(org)
    workshops.record_workshop(user("dc.srinagar"), units["block2"],
                              **fields(held_on=date(2026, 11, 2)))
    (entry,) = workshops.coverage([org["units"]["srinagar"]], until=date(2026, 10, 31))
    assert "Srinagar Block II" in [u.name for u in entry["uncovered"]]


def test_only_tehsils_and_blocks_of_ones_own_district(org):
    units = add_units(org)
    with pytest.raises(WorkflowError):
        workshops.record_workshop(user("dc.srinagar"), org["units"]["srinagar"], **fields())
    with pytest.raises(WorkflowError):
        workshops.record_workshop(user("dc.srinagar"), units["panchayat"], **fields())
    with pytest.raises(NotAllowed):
        workshops.record_workshop(user("dc.jammu"), org["units"]["khanyar"], **fields())
    with pytest.raises(NotAllowed):
        workshops.record_workshop(user("cs.it"), org["units"]["khanyar"], **fields())


def test_coverage_page_lists_uncovered_names(client, org):
    units = add_units(org)
    workshops.record_workshop(user("dc.srinagar"), units["block1"], **fields())
    db.session.commit()
    login(client, "cs.it")
    page = client.get("/reports/workshops/coverage").get_data(as_text=True)
    assert "Srinagar: 1 of 4 tehsils and blocks covered" in page
    assert "Jammu: 0 of 1 tehsils and blocks covered" in page
    fragment = client.get("/reports/workshops/coverage?district=SGR",
                          headers={"HX-Request": "true"}).get_data(as_text=True)
    assert fragment.startswith('<div id="coverage">')
    without = fragment.split("Without a workshop:")[1].split("</p>")[0]
    for name in ("Khanyar", "Shalteng", "Srinagar Block II"):
        assert name in without
    assert "Srinagar Block I " not in without and "Jammu North" not in fragment


def test_record_and_edit_through_the_pages(client, org):
    units = add_units(org)
    login(client, "so.srinagar")
    token = csrf_token(client, "/reports/workshops/new")
    data = dict(fields(held_on="2026-10-14"), org_unit_id=units["shalteng"].id, csrf_token=token)
    assert client.post("/reports/workshops/new", data=data).status_code == 303
    workshop = db.session.scalar(select(Workshop))
    assert workshop.org_unit.name == "Shalteng" and workshop.recorded_by.username == "so.srinagar"
    listing = client.get("/reports/workshops").get_data(as_text=True)
    assert "14-10-2026" in listing and "Shalteng" in listing
    edited = client.post(f"/reports/workshops/{workshop.id}/edit",
                         data=dict(data, participants=41))
    assert edited.status_code == 303
    db.session.refresh(workshop)
    assert workshop.participants == 41


def test_a_workshop_not_yet_held_is_refused_and_the_form_kept(client, org):
    """A future date would count its tehsil as covered before anyone was trained."""
    from datetime import timedelta

    from eoffice.clock import today as local_today

    units = add_units(org)
    tomorrow = local_today() + timedelta(days=1)
    with pytest.raises(WorkflowError):
        workshops.record_workshop(user("dc.srinagar"), units["shalteng"], **fields(held_on=tomorrow))
    db.session.rollback()
    login(client, "so.srinagar")
    token = csrf_token(client, "/reports/workshops/new")
    data = dict(fields(held_on=tomorrow.isoformat(), venue="Town hall, Shalteng"),
                org_unit_id=units["shalteng"].id, csrf_token=token)
    refused = client.post("/reports/workshops/new", data=data)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "cannot be in the future" in page
    assert "Town hall, Shalteng" in page and tomorrow.isoformat() in page
    assert db.session.scalar(select(Workshop)) is None
    assert workshops.coverage([org["units"]["srinagar"]])[0]["covered"] == []
    today = dict(data, held_on=local_today().isoformat())
    assert client.post("/reports/workshops/new", data=today).status_code == 303
    workshop = db.session.scalar(select(Workshop))
    edited = client.post(f"/reports/workshops/{workshop.id}/edit", data=data)
    assert edited.status_code == 422 and "cannot be in the future" in edited.get_data(as_text=True)
    db.session.refresh(workshop)
    assert workshop.held_on == local_today()
