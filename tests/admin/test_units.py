"""Organisation units: the tree's shape is enforced and paths follow it."""
import pytest
from sqlalchemy import select

from eoffice.admin import services
from eoffice.errors import WorkflowError
from eoffice.extensions import db
from eoffice.models import OrgUnit
from tests.admin.conftest import audited, submit


def unit(code):
    return db.session.scalar(select(OrgUnit).where(OrgUnit.code == code))


def test_district_then_tehsil_under_it(admin):
    response = submit(admin, "/admin/units/new",
                      {"code": "gbl", "name": "Ganderbal", "kind": "district", "parent": "KMR"})
    assert response.status_code == 303
    district = unit("GBL")
    assert district.path == "/JK/KMR/GBL/" and district.parent.code == "KMR"
    response = submit(admin, "/admin/units/new",
                      {"code": "GBL-T1", "name": "Kangan", "kind": "tehsil", "parent": "GBL"})
    assert response.status_code == 303
    tehsil = unit("GBL-T1")
    assert tehsil.path == "/JK/KMR/GBL/GBL-T1/"
    assert district.contains(tehsil)
    assert audited("unit.create", district) and audited("unit.create", tehsil)
    listing = admin.get("/admin/units?within=GBL").get_data(as_text=True)
    assert "Kangan" in listing and "Khanyar" not in listing


def test_tehsil_under_a_division_is_refused_beside_the_field(admin):
    response = submit(admin, "/admin/units/new",
                      {"code": "BAD-T1", "name": "Wrong", "kind": "tehsil", "parent": "KMR"})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'id="kind-error"' in body and "cannot sit under a Division" in body
    assert unit("BAD-T1") is None


@pytest.mark.parametrize("data, field", [
    ({"code": "SGR", "name": "Again", "kind": "district", "parent": "KMR"}, "code"),
    ({"code": "A/B", "name": "Slash", "kind": "district", "parent": "KMR"}, "code"),
    ({"code": "NEW", "name": "Lost", "kind": "district", "parent": "NOPE"}, "parent"),
    ({"code": "NEW", "name": "Orphan", "kind": "district", "parent": ""}, "parent"),
    ({"code": "NEW", "name": "Odd", "kind": "county", "parent": "KMR"}, "kind"),
    ({"code": "", "name": "No code", "kind": "district", "parent": "KMR"}, "code"),
])
def test_bad_units_are_refused(admin, data, field):
    response = submit(admin, "/admin/units/new", data)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)


def test_edit_keeps_the_code_and_moves_the_subtree(admin, org):
    srinagar = org["units"]["srinagar"]
    page = admin.get(f"/admin/units/{srinagar.id}").get_data(as_text=True)
    assert 'name="code"' not in page
    response = submit(admin, f"/admin/units/{srinagar.id}",
                      {"code": "CHANGED", "name": "Srinagar City", "kind": "district",
                       "parent": "JMD"})
    assert response.status_code == 303
    db.session.refresh(srinagar)
    assert srinagar.code == "SGR" and srinagar.name == "Srinagar City"
    assert srinagar.path == "/JK/JMD/SGR/"
    assert unit("SGR-T1").path == "/JK/JMD/SGR/SGR-T1/"
    assert "parent: KMR -> JMD" in audited("unit.update", srinagar)[0].detail


def test_a_unit_cannot_move_under_itself_or_change_kind_against_its_children(it_admin, org):
    admin, srinagar = it_admin, org["units"]["srinagar"]
    with pytest.raises(WorkflowError) as error:
        services.update_unit(admin, srinagar, "Srinagar", "district", unit("SGR-T1"))
    assert error.value.fields == {"parent": "cycle"}
    with pytest.raises(WorkflowError) as error:
        services.update_unit(admin, srinagar, "Srinagar", "tehsil", srinagar.parent)
    assert "kind" in error.value.fields


def test_retire_refused_while_units_below_are_active(admin, org):
    srinagar = org["units"]["srinagar"]
    response = submit(admin, f"/admin/units/{srinagar.id}/retire", {"reason": "merged"})
    assert response.status_code == 422
    assert "still active" in response.get_data(as_text=True)
    jammu_tehsil = submit(admin, "/admin/units/new",
                          {"code": "JMU-T9", "name": "Empty", "kind": "tehsil", "parent": "JMU"})
    assert jammu_tehsil.status_code == 303
    empty = unit("JMU-T9")
    assert submit(admin, f"/admin/units/{empty.id}/retire", {"reason": "merged"}).status_code == 303
    db.session.refresh(empty)
    assert empty.active is False
    assert audited("unit.retire", empty)[0].detail == "merged"
    assert "Empty" not in admin.get("/admin/units").get_data(as_text=True)
    assert "Empty" in admin.get("/admin/units?status=retired").get_data(as_text=True)
    assert submit(admin, f"/admin/units/{empty.id}/restore", {}).status_code == 303
    assert audited("unit.restore", empty)
