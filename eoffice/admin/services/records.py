"""The steps every admin record shares: checking input, saving with an audit event, retiring."""
import re
from functools import wraps

from sqlalchemy import func, select

from ... import audit, policy
from ...clock import today, utcnow
from ...errors import NotAllowed, WorkflowError
from ...extensions import db
from ...i18n import gettext as _
from ...models import Department, Office, OrgUnit, Post, PostHolding, Section, User, UserSession
from ..lookups import describe

CODE = re.compile(r"[A-Z0-9][A-Z0-9-]*")
NOUNS = {OrgUnit: "unit", Department: "department", Office: "office", Section: "section",
         Post: "post", User: "user"}


def admin_only(service):
    """Only an IT admin may change the organisation master, accounts or holdings."""
    @wraps(service)
    def guarded(actor, *args, **kwargs):
        if not policy.can_administer(actor):
            raise NotAllowed(_("You are not allowed to do this."))
        return service(actor, *args, **kwargs)
    return guarded


def fail(field, message, code="invalid"):
    raise WorkflowError(message, {field: code})


def check_code(value):
    code = (value or "").strip().upper()
    if not CODE.fullmatch(code):
        fail("code", _("Use capital letters, digits and hyphens only, e.g. SGR-T1."), "format")
    return code


def check_unique(model, column, value, field, record=None):
    """No record of `model` but `record` itself has `value` in `column`."""
    stmt = select(model.id).where(column == value)
    if record is not None:
        stmt = stmt.where(model.id != record.id)
    if db.session.scalar(stmt.limit(1)) is not None:
        fail(field, _("%(value)s is already in use.", value=value), "taken")


def check_active(record, field):
    if record is not None and not record.active:
        fail(field, _("%(name)s is retired.", name=describe(record)), "retired")


def _show(value):
    if isinstance(value, (OrgUnit, Department, Office, Section)):
        return value.code
    if isinstance(value, Post):
        return value.label
    return "-" if value is None else str(value)


def apply_changes(record, **values):
    """Set the changed attributes; return "name: old -> new" for the audit log."""
    changes = []
    for name, new in values.items():
        old = getattr(record, name)
        if old != new:
            changes.append(f"{name}: {_show(old)} -> {_show(new)}")
            setattr(record, name, new)
    return "; ".join(changes)


def add_new(actor, record, detail=""):
    db.session.add(record)
    db.session.flush()
    audit.record(f"{NOUNS[type(record)]}.create", user=actor, obj=record,
                 detail=detail or describe(record))
    return record


def record_update(actor, record, detail):
    if detail:
        db.session.flush()
        audit.record(f"{NOUNS[type(record)]}.update", user=actor, obj=record, detail=detail)
    return record


def end_sessions(user):
    now = utcnow()
    for row in db.session.scalars(select(UserSession).where(UserSession.user_id == user.id,
                                                            UserSession.ended_at.is_(None))):
        row.ended_at = now


def _count(stmt):
    return db.session.scalar(select(func.count()).select_from(stmt.subquery()))


def _retire_blocker(actor, record):
    """Why `record` cannot be retired yet, or None: nothing active may be left depending on it."""
    active_offices = select(Office.id).where(Office.active.is_(True))
    active_posts = select(Post.id).where(Post.active.is_(True))
    checks = []
    if isinstance(record, OrgUnit):
        children = select(OrgUnit.id).where(OrgUnit.parent_id == record.id,
                                            OrgUnit.active.is_(True))
        checks = [(children, _("Units under it are still active.")),
                  (active_offices.where(Office.org_unit_id == record.id),
                   _("Offices at this unit are still active."))]
    elif isinstance(record, Department):
        checks = [(active_offices.where(Office.department_id == record.id),
                   _("Offices of this department are still active."))]
    elif isinstance(record, Office):
        checks = [(active_posts.where(Post.office_id == record.id),
                   _("Posts in this office are still active."))]
    elif isinstance(record, Section):
        checks = [(active_posts.where(Post.section_id == record.id),
                   _("Posts in this section are still active."))]
    elif isinstance(record, Post):
        checks = [(select(PostHolding.id).where(
                       PostHolding.post_id == record.id,
                       (PostHolding.ends_on.is_(None)) | (PostHolding.ends_on >= today())),
                   _("Someone holds this post now or later; end those holdings first.")),
                  (active_posts.where(Post.reports_to_id == record.id),
                   _("Active posts report to this post."))]
    elif isinstance(record, User) and record.id == actor.id:
        return _("You cannot retire your own account.")
    for stmt, message in checks:
        if _count(stmt):
            return message
    return None


def _restore_blocker(record):
    containers = {OrgUnit: ("parent",), Office: ("department", "org_unit"), Section: ("office",),
                  Post: ("office",)}.get(type(record), ())
    for name in containers:
        container = getattr(record, name)
        if container is not None and not container.active:
            return _("%(name)s is retired; restore it first.", name=describe(container))
    return None


@admin_only
def set_active(actor, record, active, reason=None):
    """Retire or restore a record. Nothing depending on it may be active when it retires, and
    what it sits in must be active when it returns. A retired user's sessions end."""
    if record.active == active:
        raise WorkflowError(_("Nothing to change."))
    problem = _restore_blocker(record) if active else _retire_blocker(actor, record)
    if problem:
        raise WorkflowError(problem)
    record.active = active
    if isinstance(record, User) and not active:
        end_sessions(record)
    db.session.flush()
    action = "restore" if active else "retire"
    audit.record(f"{NOUNS[type(record)]}.{action}", user=actor, obj=record, detail=reason or "")
