"""Workshops held in tehsils and blocks, and each district's coverage."""
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from ... import audit, policy
from ...clock import today, utcnow
from ...errors import NotAllowed, WorkflowError
from ...extensions import db
from ...i18n import lazy_gettext as _
from ...models import OrgUnit, Workshop
from ...models.workshop import WORKSHOP_UNIT_KINDS
from .scope import within, workshop_units

FIELDS = ("held_on", "venue", "trainer", "participants", "offices_covered", "topics")


def _check_unit(actor, unit):
    if unit is None or unit.kind not in WORKSHOP_UNIT_KINDS:
        raise WorkflowError(_("Choose a tehsil or a block."), {"org_unit_id": "kind"})
    if not policy.can_edit_district_entries(actor, policy.reporting_district_of(unit)):
        raise NotAllowed(_("You may add entries only for your own district."))


def _check_held(held_on):
    if held_on > today():
        raise WorkflowError(_("Record a workshop once it has been held: its date cannot be in "
                              "the future."), {"held_on": "future"})


def record_workshop(actor, unit, **fields):
    """A district's users record workshops held in its tehsils and blocks, once held."""
    _check_unit(actor, unit)
    _check_held(fields["held_on"])
    now = utcnow()
    workshop = Workshop(org_unit=unit, recorded_by=actor, recorded_at=now, updated_at=now,
                        **{k: fields[k] for k in FIELDS})
    db.session.add(workshop)
    db.session.flush()
    audit.record("workshop.record", user=actor, obj=workshop,
                 detail=f"{unit.code} {workshop.held_on.isoformat()}")
    return workshop


def update_workshop(actor, workshop, unit, **fields):
    """Corrections come from the same district, and may move it to another of its units."""
    if not policy.can_edit_workshop(actor, workshop):
        raise NotAllowed(_("You may change entries only for your own district."))
    _check_unit(actor, unit)
    _check_held(fields["held_on"])
    workshop.org_unit = unit
    for key in FIELDS:
        setattr(workshop, key, fields[key])
    workshop.updated_at = utcnow()
    db.session.flush()
    audit.record("workshop.update", user=actor, obj=workshop,
                 detail=f"{unit.code} {workshop.held_on.isoformat()}")
    return workshop


def workshops_query(user, district=None, start=None, end=None):
    """Workshops the user may see, latest first, within a district and dates if given."""
    query = (select(Workshop).join(Workshop.org_unit).options(contains_eager(Workshop.org_unit))
             .where(within(OrgUnit.path, user, district))
             .order_by(Workshop.held_on.desc(), Workshop.id.desc()))
    if start is not None:
        query = query.where(Workshop.held_on >= start)
    if end is not None:
        query = query.where(Workshop.held_on <= end)
    return query


def coverage(districts, until=None):
    """Per district: tehsils and blocks with a workshop (count, last date) and those without."""
    units = workshop_units(districts)
    held = select(Workshop.org_unit_id, func.count(), func.max(Workshop.held_on)).where(
        Workshop.org_unit_id.in_([u.id for u in units])).group_by(Workshop.org_unit_id)
    if until is not None:
        held = held.where(Workshop.held_on <= until)
    counts = {unit_id: (n, last) for unit_id, n, last in db.session.execute(held)}
    result = {d.id: {"district": d, "covered": [], "uncovered": []} for d in districts}
    for unit in units:
        entry = result[unit.parent_id]
        if unit.id in counts:
            n, last = counts[unit.id]
            entry["covered"].append({"unit": unit, "workshops": n, "last_held_on": last})
        else:
            entry["uncovered"].append(unit)
    for entry in result.values():
        entry["total"] = len(entry["covered"]) + len(entry["uncovered"])
    return [result[d.id] for d in districts]
