"""Departments, offices with their file-number patterns, and sections."""
import pytest
from sqlalchemy import select

from eoffice.admin import services
from eoffice.errors import WorkflowError
from eoffice.extensions import db
from eoffice.models import Department, Office, Section
from tests.admin.conftest import audited, submit

GOOD = {"code": "DC-GBL", "name": "DC Office Ganderbal", "department": "GAD", "org_unit": "SGR",
        "file_number_pattern": "{dept}/{office}/{serial}/{year}"}


def office(code):
    return db.session.scalar(select(Office).where(Office.code == code))


def test_department_create_and_rename(admin):
    created = submit(admin, "/admin/departments/new", {"code": "FIN", "name": "Finance"})
    assert created.status_code == 303
    finance = db.session.scalar(select(Department).where(Department.code == "FIN"))
    renamed = submit(admin, f"/admin/departments/{finance.id}", {"name": "Finance Department"})
    assert renamed.status_code == 303
    db.session.refresh(finance)
    assert finance.name == "Finance Department"
    assert audited("department.create", finance) and audited("department.update", finance)
    again = submit(admin, "/admin/departments/new", {"code": "fin", "name": "Twice"})
    assert again.status_code == 422 and "FIN is already in use" in again.get_data(as_text=True)


@pytest.mark.parametrize("pattern, says", [
    ("{dept}/{head}/{year}", "needs {serial}"),
    ("{dept}/{serial}/{month}", "{month}"),
    ("{dept}/{serial:04d}", "{serial:04d}"),
    ("{dept}/{serial", "no partner"),
    ("{}/{serial}", "{}"),
])
def test_office_with_a_bad_numbering_pattern_is_refused(admin, pattern, says):
    response = submit(admin, "/admin/offices/new", {**GOOD, "file_number_pattern": pattern})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'id="file_number_pattern-error"' in body and says in body
    assert office("DC-GBL") is None


def test_office_create_edit_and_sections(admin, org):
    assert submit(admin, "/admin/offices/new", GOOD).status_code == 303
    created = office("DC-GBL")
    assert created.department.code == "GAD" and created.org_unit.code == "SGR"
    assert audited("office.create", created)
    response = submit(admin, f"/admin/offices/{created.id}",
                      {**GOOD, "org_unit": "JMU", "file_number_pattern": "{office}-{serial}"})
    assert response.status_code == 303
    db.session.refresh(created)
    assert created.org_unit.code == "JMU" and created.file_number_pattern == "{office}-{serial}"
    assert "org_unit: SGR -> JMU" in audited("office.update", created)[0].detail

    url = f"/admin/offices/{created.id}/sections/new"
    assert submit(admin, url, {"code": "est", "name": "Establishment"}).status_code == 303
    section = db.session.scalar(select(Section).where(Section.office_id == created.id))
    assert section.code == "EST" and audited("section.create", section)
    assert submit(admin, url, {"code": "EST", "name": "Again"}).status_code == 422
    renamed = submit(admin, f"/admin/sections/{section.id}", {"name": "Establishment (Gazetted)"})
    assert renamed.status_code == 303 and audited("section.update", section)
    listing = admin.get(f"/admin/offices/{created.id}/sections").get_data(as_text=True)
    assert "Establishment (Gazetted)" in listing


def test_office_needs_a_known_unit(admin):
    response = submit(admin, "/admin/offices/new", {**GOOD, "org_unit": "NOWHERE"})
    assert response.status_code == 422
    assert "No organisation unit has this code" in response.get_data(as_text=True)


def test_office_with_active_posts_cannot_retire(it_admin, org):
    with pytest.raises(WorkflowError, match="Posts in this office"):
        services.set_active(it_admin, org["offices"]["dc_sgr"], False)


def test_office_list_filters_by_department(admin):
    page = admin.get("/admin/offices?department=REV").get_data(as_text=True)
    assert "TO-SGR-T1" in page and "DC-SGR" not in page


def test_every_pattern_that_passes_numbers_every_file(org):
    """A pattern without {head} or {year} once gave a second head, or a new year, the number
    already made (the file was refused, and stayed refused)."""
    from datetime import datetime

    from eoffice.clock import travel_to
    from tests.factories import make_file

    so, dc_office = org["users"]["so.srinagar"], org["offices"]["dc_sgr"]
    dc_office.file_number_pattern = GOOD["file_number_pattern"]  # no {head}
    db.session.commit()
    with travel_to(datetime(2026, 3, 2, 6, 0)):
        numbers = [make_file(so, head=head).file_no for head in ("EST", "ACC", "EST")]
    assert numbers == ["GAD/DC-SGR/0001/2026", "GAD/DC-SGR/0002/2026", "GAD/DC-SGR/0003/2026"]
    dc_office.file_number_pattern = "{office}/{head}/{serial}"  # no {year}
    db.session.commit()
    with travel_to(datetime(2026, 12, 30, 6, 0)):
        last_year = make_file(so, head="EST").file_no
    with travel_to(datetime(2027, 1, 2, 6, 0)):
        this_year = make_file(so, head="EST").file_no
    assert (last_year, this_year) == ("DC-SGR/EST/0001", "DC-SGR/EST/0002")
    # numbers made under an earlier pattern are stepped over, not refused
    dc_office.file_number_pattern = "{office}/{head}/{serial}/X"
    db.session.commit()
    assert make_file(so, head="ACC").file_no == "DC-SGR/ACC/0001/X"
    dc_office.file_number_pattern = "{office}/ACC/{serial}/X"
    db.session.commit()
    assert make_file(so, head="EST").file_no == "DC-SGR/ACC/0002/X"
