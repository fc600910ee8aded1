"""Which districts, units and offices a user's reporting pages cover (rules: policy/reporting.py)."""
from sqlalchemy import and_, false, or_, select, true

from ... import policy
from ...extensions import db
from ...models import Office, OrgUnit
from ...models.workshop import WORKSHOP_UNIT_KINDS


def all_districts():
    return db.session.scalars(select(OrgUnit).where(OrgUnit.kind == "district",
                                                    OrgUnit.active).order_by(OrgUnit.name)).all()


def visible_districts(user):
    return [d for d in all_districts() if policy.can_view_reporting_unit(user, d)]


def within(path_column, user=None, district=None):
    """SQL condition: path inside the given district, and inside what the user may read."""
    conditions = [true()]
    if district is not None:
        conditions.append(path_column.startswith(district.path, autoescape=True))
    if user is not None and not policy.can_oversee_reporting(user):
        roots = policy.reporting_roots(user)
        conditions.append(or_(*(path_column.startswith(r, autoescape=True) for r in roots))
                          if roots else false())
    return and_(*conditions)


def district_offices(district):
    return db.session.scalars(
        select(Office).join(Office.org_unit)
        .where(Office.active, within(OrgUnit.path, district=district))
        .order_by(OrgUnit.path, Office.name)).all()


def editable_offices(user):
    return [o for d in policy.reporting_districts(user) for o in district_offices(d)]


def workshop_units(districts):
    """Tehsils and blocks of the given districts, by district then name."""
    if not districts:
        return []
    return db.session.scalars(
        select(OrgUnit).where(OrgUnit.kind.in_(WORKSHOP_UNIT_KINDS), OrgUnit.active,
                              OrgUnit.parent_id.in_([d.id for d in districts]))
        .order_by(OrgUnit.name)).all()


class DistrictIndex:
    """Finds the district a unit path lies in, among the given districts."""

    def __init__(self, districts):
        self.by_path = {d.path: d for d in districts}

    def district_for(self, path):
        parts = path.strip("/").split("/")
        for size in range(len(parts), 0, -1):
            district = self.by_path.get("/" + "/".join(parts[:size]) + "/")
            if district is not None:
                return district
        return None
