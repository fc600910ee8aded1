"""What a dashboard covers: an org unit's subtree (all its offices, or one department's
offices in it), or a single office; and the rows one level down it is ranked by."""
from dataclasses import dataclass

from sqlalchemy import bindparam, exists, select, true

from .. import names
from ..extensions import db
from ..models import Department, Office, OrgUnit, Post

# The units a dashboard ranks: districts for the UT and divisions, tehsils and blocks
# for a district; from a tehsil or block down, the offices themselves.
RANKED_KINDS = {"ut": ("district",), "division": ("district",), "district": ("tehsil", "block")}


@dataclass(frozen=True)
class OfficeInfo:
    id: int
    code: str
    name: str
    department_id: int
    path: str  # its org unit's path


@dataclass(frozen=True)
class Group:
    """One row of a breakdown: a unit, a department or an office, and its offices."""
    key: str  # unit code, department code or office code
    name: str
    kind: str  # "unit", "department" or "office"
    office_ids: frozenset
    unit: OrgUnit | None = None


class Scope:
    def __init__(self, unit=None, office=None, department=None):
        assert (unit is None) != (office is None)
        self.unit, self.office, self.department = unit, office, department

    @property
    def code(self):
        return self.unit.code if self.unit is not None else self.office.code

    @property
    def name(self):
        return names.name_in(self.unit if self.unit is not None else self.office)

    def office_ids(self):
        """A subquery of the covered office ids (an indexed range on org_unit.path)."""
        if self.office is not None:
            return select(Office.id).where(Office.id == self.office.id)
        query = select(Office.id).join(OrgUnit, OrgUnit.id == Office.org_unit_id).where(
            OrgUnit.in_subtree(self.unit.path))
        if self.department is not None:
            query = query.where(Office.department_id == self.department.id)
        return query

    def covers(self, column):
        """SQL: an office id column is within the scope (no condition for the whole tree)."""
        if self._is_everything():
            return true()
        return column.in_(self.office_ids().scalar_subquery())

    def covers_posts(self, column):
        """SQL: a post id column is a post of an office within the scope."""
        if self._is_everything():
            return true()
        return column.in_(select(Post.id).where(self.covers(Post.office_id)).scalar_subquery())

    def _is_everything(self):
        if not hasattr(self, "_everything"):
            self._everything = (self.unit is not None and self.department is None
                                and self.unit.parent_id is None
                                and not db.session.scalar(select(exists().where(
                                    ~OrgUnit.in_subtree(self.unit.path)))))
        return self._everything

    def offices(self):
        rows = db.session.execute(
            select(Office.id, Office.code, Office.department_id, OrgUnit.path,
                   *names.columns(Office.name))
            .join(OrgUnit, OrgUnit.id == Office.org_unit_id)
            .where(Office.id.in_(self.office_ids().scalar_subquery()))
            .order_by(Office.name))
        return [OfficeInfo(id, code, names.chosen(*name), department, path)
                for id, code, department, path, *name in rows]

    def ranked_units(self):
        """The units one level down that the ranking lists (none below a district)."""
        kinds = RANKED_KINDS.get(self.unit.kind, ()) if self.unit is not None else ()
        if not kinds:
            return []
        return db.session.scalars(select(OrgUnit).where(
            OrgUnit.in_subtree(self.unit.path), OrgUnit.kind.in_(kinds), OrgUnit.active)
            .order_by(OrgUnit.name)).all()

    def breakdown(self, offices):
        """(ranking groups, offices outside them): units one level down with their
        offices, and the offices sitting at this level (a DC office in a district).
        Below a district every office is its own ranking row."""
        units = self.ranked_units()
        if not units:
            return [office_group(office) for office in offices], []
        by_path = {unit.path: unit for unit in units}
        members = {unit.path: set() for unit in units}
        outside = []
        for office in offices:
            path = _ranked_ancestor(office.path, by_path)
            if path is None:
                outside.append(office_group(office))
            else:
                members[path].add(office.id)
        groups = [Group(unit.code, names.name_in(unit), "unit", frozenset(members[unit.path]), unit)
                  for unit in units]
        return groups, outside

    def departments(self, offices):
        ids = {office.department_id for office in offices}
        if self.department is not None or len(ids) < 1:
            return []
        departments = db.session.scalars(select(Department).where(Department.id.in_(ids))
                                         .order_by(Department.name)).all()
        return [Group(department.code, names.name_in(department), "department",
                      frozenset(o.id for o in offices if o.department_id == department.id))
                for department in departments]


def office_group(office):
    return Group(office.code, office.name, "office", frozenset((office.id,)))  # named above


def _ranked_ancestor(path, by_path):
    """The longest ranked unit path that `path` starts with."""
    position = len(path)
    while position > 0:
        candidate = path[:position]
        if candidate in by_path:
            return candidate
        position = path.rfind("/", 0, position - 1) + 1
    return None


UNITS_BY_CODE = select(OrgUnit).where(OrgUnit.code.in_(bindparam("codes", expanding=True)))


def ancestors(unit):
    """The units above `unit`, top first, from its path."""
    codes = unit.path.strip("/").split("/")[:-1]
    if not codes:
        return []
    found = {u.code: u for u in db.session.scalars(UNITS_BY_CODE, {"codes": codes})}
    return [found[code] for code in codes if code in found]
