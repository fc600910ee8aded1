"""Onboarding targets per org unit."""

from .. import audit, policy
from ..clock import utcnow
from ..database import lock_row
from ..errors import NotAllowed, WorkflowError
from ..extensions import db
from ..i18n import gettext as _
from ..models import UnitTarget
from .forms import MAX_TARGET


def set_target(actor, unit, offices_target, users_target):
    """An IT admin sets how many offices and users a unit is to onboard (blank: none)."""
    if not policy.can_set_targets(actor):
        raise NotAllowed(_("Only IT administrators set onboarding targets."))
    for name, value in (("offices_target", offices_target), ("users_target", users_target)):
        if value is not None and not 0 <= value <= MAX_TARGET:
            raise WorkflowError(_("A target is a whole number from 0 to %(max)d.", max=MAX_TARGET),
                                {name: "range"})
    lock_row(unit)  # two admins setting a unit's first target at once: one waits, then updates
    target = db.session.get(UnitTarget, unit.id, populate_existing=True) or \
        UnitTarget(org_unit_id=unit.id)
    target.offices_target, target.users_target = offices_target, users_target
    target.updated_at, target.updated_by_id = utcnow(), actor.id
    db.session.add(target)
    audit.record("target.set", user=actor, obj=unit,
                 detail=f"offices {offices_target}, users {users_target}")
    db.session.flush()
    return target
