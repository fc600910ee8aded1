"""Rules for the organisation master, accounts and post holdings. Services flush, never commit.

Nothing here is ever deleted: records are retired (active=False) and holdings are ended.
"""
import re
import string

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import audit
from ..auth import passwords
from ..clock import today, utcnow
from ..errors import WorkflowError
from ..extensions import db
from ..models import Department, Office, OrgUnit, Post, PostHolding, Section, User, UserRole
from ..models import UserSession
from ..models.office import FILE_NUMBER_PLACEHOLDERS
from ..models.org import CHILD_KINDS
from ..models.post import HOLDING_KINDS
from ..models.user import ROLES
from . import labels
from .lookups import describe

CODE = re.compile(r"[A-Z0-9][A-Z0-9-]*")
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]*")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MOBILE = re.compile(r"\+?[0-9][0-9 -]{6,18}")
NOUNS = {OrgUnit: "unit", Department: "department", Office: "office", Section: "section",
         Post: "post", User: "user"}


def _fail(field, message, code="invalid"):
    raise WorkflowError(message, {field: code})


def _code(value):
    code = (value or "").strip().upper()
    if not CODE.fullmatch(code):
        _fail("code", _("Use capital letters, digits and hyphens only, e.g. SGR-T1."), "format")
    return code


def _unique(model, column, value, field, record=None):
    """No record of `model` but `record` itself has `value` in `column`."""
    stmt = select(model.id).where(column == value)
    if record is not None:
        stmt = stmt.where(model.id != record.id)
    if db.session.scalar(stmt.limit(1)) is not None:
        _fail(field, _("%(value)s is already in use.", value=value), "taken")


def _active(record, field):
    if record is not None and not record.active:
        _fail(field, _("%(name)s is retired.", name=describe(record)), "retired")


def _show(value):
    if isinstance(value, (OrgUnit, Department, Office, Section)):
        return value.code
    if isinstance(value, Post):
        return value.label
    return "-" if value is None else str(value)


def _apply(record, **values):
    """Set the changed attributes; return "name: old -> new" for the audit log."""
    changes = []
    for name, new in values.items():
        old = getattr(record, name)
        if old != new:
            changes.append(f"{name}: {_show(old)} -> {_show(new)}")
            setattr(record, name, new)
    return "; ".join(changes)


def _created(actor, record, detail=""):
    db.session.add(record)
    db.session.flush()
    audit.record(f"{NOUNS[type(record)]}.create", user=actor, obj=record,
                 detail=detail or describe(record))
    return record


def _updated(actor, record, detail):
    if detail:
        db.session.flush()
        audit.record(f"{NOUNS[type(record)]}.update", user=actor, obj=record, detail=detail)
    return record


def _check_place(kind, parent, children=()):
    """A unit's kind fits under its parent's kind, and its own units fit under it."""
    kind_name = labels.UNIT_KINDS.get(kind)
    if kind_name is None:
        _fail("kind", _("Choose the kind of unit."))
    if parent is None and kind != "ut":
        _fail("parent", _("Give the unit above this one; only the union territory has none."),
              "required")
    if parent is not None and kind not in CHILD_KINDS[parent.kind]:
        allowed = ", ".join(str(labels.UNIT_KINDS[k]) for k in CHILD_KINDS[parent.kind])
        _fail("kind", _("A %(kind)s cannot sit under a %(parent)s. Allowed there: %(allowed)s.",
                        kind=kind_name, parent=labels.UNIT_KINDS[parent.kind],
                        allowed=allowed or _("nothing")), "placement")
    misfits = [child.code for child in children if child.active and child.kind not in CHILD_KINDS[kind]]
    if misfits:
        _fail("kind", _("Units under it (%(codes)s) cannot sit under a %(kind)s.",
                        codes=", ".join(misfits), kind=kind_name), "placement")


def create_unit(actor, code, name, kind, parent=None):
    """A unit sits under an active parent of the kind above it; codes are unique and fixed."""
    code = _code(code)
    _unique(OrgUnit, OrgUnit.code, code, "code")
    _active(parent, "parent")
    _check_place(kind, parent)
    unit = OrgUnit(code=code, name=name, kind=kind, parent=parent,
                   path=OrgUnit.path_for(parent, code))
    return _created(actor, unit, unit.path)


def update_unit(actor, unit, name, kind, parent=None):
    """Renaming is free; a new kind or parent must fit the tree, and moving re-paths the subtree."""
    if parent is not unit.parent:
        _active(parent, "parent")
        if parent is not None and unit.contains(parent):
            _fail("parent", _("A unit cannot move under itself or a unit below it."), "cycle")
    _check_place(kind, parent, unit.children)
    old_path, new_path = unit.path, OrgUnit.path_for(parent, unit.code)
    detail = _apply(unit, name=name, kind=kind, parent=parent)
    if new_path != old_path:
        subtree = select(OrgUnit).where(OrgUnit.path.startswith(old_path, autoescape=True))
        for member in db.session.scalars(subtree).all():
            member.path = new_path + member.path[len(old_path):]
    return _updated(actor, unit, detail)


def create_department(actor, code, name):
    """Department codes are unique and fixed (file numbers carry them)."""
    code = _code(code)
    _unique(Department, Department.code, code, "code")
    return _created(actor, Department(code=code, name=name))


def update_department(actor, department, name):
    return _updated(actor, department, _apply(department, name=name))


def check_file_pattern(pattern):
    """A file-number pattern uses only the known placeholders, bare, and always {serial}."""
    try:
        parts = list(string.Formatter().parse(pattern or ""))
    except ValueError:
        _fail("file_number_pattern", _("A { or } has no partner. Placeholders look like {serial}."))
    fields = [(name, ("!" + conversion if conversion else "") + (":" + spec if spec else ""))
              for _text, name, spec, conversion in parts if name is not None]
    unknown = sorted({"{%s%s}" % field for field in fields
                      if field[0] not in FILE_NUMBER_PLACEHOLDERS or field[1]})
    if unknown:
        known = " ".join("{%s}" % name for name in FILE_NUMBER_PLACEHOLDERS)
        _fail("file_number_pattern", _("Unknown placeholders: %(unknown)s. Use only %(known)s.",
                                       unknown=", ".join(unknown), known=known))
    if ("serial", "") not in fields:
        _fail("file_number_pattern",
              _("The pattern needs {serial}, or two files could get the same number."), "serial")


def _check_office(office, department, org_unit):
    if office is None or department is not office.department:
        _active(department, "department")
    if office is None or org_unit is not office.org_unit:
        _active(org_unit, "org_unit")


def create_office(actor, code, name, department, org_unit, file_number_pattern):
    """An office belongs to an active department at an active unit and numbers its files by a valid pattern."""
    code = _code(code)
    _unique(Office, Office.code, code, "code")
    _check_office(None, department, org_unit)
    check_file_pattern(file_number_pattern)
    return _created(actor, Office(code=code, name=name, department=department, org_unit=org_unit,
                                  file_number_pattern=file_number_pattern))


def update_office(actor, office, name, department, org_unit, file_number_pattern):
    _check_office(office, department, org_unit)
    check_file_pattern(file_number_pattern)
    return _updated(actor, office, _apply(office, name=name, department=department,
                                          org_unit=org_unit, file_number_pattern=file_number_pattern))


def create_section(actor, office, code, name):
    """A section's code is unique within its active office and fixed."""
    code = _code(code)
    _active(office, "code")
    if any(section.code == code for section in office.sections):
        _fail("code", _("%(value)s is already in use.", value=code), "taken")
    return _created(actor, Section(office=office, code=code, name=name))


def update_section(actor, section, name):
    return _updated(actor, section, _apply(section, name=name))


def _check_post(post, office, section, reports_to):
    """The office and section are active and belong together; the chain of command has no loop."""
    if post is None or office is not post.office:
        _active(office, "office")
    if section is not None:
        if section.office is not office:
            _fail("section", _("This section belongs to another office."))
        if post is None or section is not post.section:
            _active(section, "section")
    if reports_to is None:
        return
    if post is None or reports_to is not post.reports_to:
        _active(reports_to, "reports_to")
    boss, seen = reports_to, set()
    while boss is not None and boss.id not in seen:
        if boss is post:
            _fail("reports_to", _("%(post)s already reports, directly or through others, to this "
                                  "post; a post cannot report to itself.", post=post.label), "cycle")
        seen.add(boss.id)
        boss = boss.reports_to


def create_post(actor, office, designation, label, section=None, reports_to=None):
    """A post sits in an active office (and optionally one of its sections) and may report to another post."""
    _check_post(None, office, section, reports_to)
    return _created(actor, Post(office=office, section=section, designation=designation,
                                label=label, reports_to=reports_to))


def update_post(actor, post, office, designation, label, section=None, reports_to=None):
    """As for a new post, and the reports-to chain may not come back to this post."""
    _check_post(post, office, section, reports_to)
    return _updated(actor, post, _apply(post, office=office, section=section, designation=designation,
                                        label=label, reports_to=reports_to))


def _check_account(user, username, employee_code, email, mobile, language, roles):
    if not USERNAME.fullmatch(username):
        _fail("username", _("Use small letters, digits, dots, hyphens and underscores only."),
              "format")
    _unique(User, func.lower(User.username), username, "username", user)
    _unique(User, User.employee_code, employee_code, "employee_code", user)
    if email and not EMAIL.fullmatch(email):
        _fail("email", _("This is not an e-mail address."), "format")
    if mobile and not MOBILE.fullmatch(mobile):
        _fail("mobile", _("Give a phone number in digits, e.g. +91 94190 12345."), "format")
    if language not in current_app.config["LANGUAGES"]:
        _fail("language", _("Choose a language."))
    if not roles or not set(roles) <= set(ROLES):
        _fail("roles", _("Choose at least one role."))


def _check_password(password, username):
    problems = passwords.policy_problems(password or "", username)
    if problems:
        _fail("password", " ".join(problems), "policy")


def create_user(actor, username, name, employee_code, password, email=None, mobile=None,
                language="en", roles=("official",)):
    """User names (any case) and employee codes are unique; the first password meets the policy."""
    username = (username or "").strip().lower()
    _check_account(None, username, employee_code, email, mobile, language, roles)
    _check_password(password, username)
    user = User(username=username, name=name, employee_code=employee_code, email=email,
                mobile=mobile, language=language, password_hash=passwords.hash_password(password))
    user.role_rows = [UserRole(role=role) for role in sorted(set(roles))]
    return _created(actor, user, f"{username}; roles: {', '.join(sorted(set(roles)))}")


def update_user(actor, user, name, employee_code, username, email=None, mobile=None,
                language="en", roles=("official",)):
    """As for a new user; an admin cannot take away their own IT-admin role."""
    username = (username or "").strip().lower()
    _check_account(user, username, employee_code, email, mobile, language, roles)
    if user.id == actor.id and "it_admin" not in roles:
        _fail("roles", _("You cannot take away your own IT-admin role."), "self")
    detail = _apply(user, name=name, employee_code=employee_code, username=username, email=email,
                    mobile=mobile, language=language)
    old, new = user.roles, set(roles)
    if old != new:
        user.role_rows = [row for row in user.role_rows if row.role in new]
        user.role_rows.extend(UserRole(role=role) for role in sorted(new - old))
        detail = "; ".join(filter(None, [detail, f"roles: {', '.join(sorted(old))} -> "
                                                  f"{', '.join(sorted(new))}"]))
    return _updated(actor, user, detail)


def _end_sessions(user):
    now = utcnow()
    for row in db.session.scalars(select(UserSession).where(UserSession.user_id == user.id,
                                                            UserSession.ended_at.is_(None))):
        row.ended_at = now


def reset_password(actor, user, password):
    """An admin sets a password that meets the policy; the lock and the user's sessions end."""
    _check_password(password, user.username)
    user.password_hash = passwords.hash_password(password)
    user.password_changed_at = None  # not chosen by the user
    user.failed_logins, user.locked_until = 0, None
    _end_sessions(user)
    db.session.flush()
    audit.record("user.password_reset", user=actor, obj=user, detail=user.username)


def is_locked(user):
    return user.locked_until is not None and user.locked_until > utcnow()


def unlock_user(actor, user, reason=None):
    """A locked account (or one with failed sign-ins counted) is cleared to try again."""
    if not is_locked(user) and not user.failed_logins:
        raise WorkflowError(_("This account is not locked."))
    user.failed_logins, user.locked_until = 0, None
    db.session.flush()
    audit.record("user.unlock", user=actor, obj=user, detail=reason or "")


def _overlaps(holding, starts_on, ends_on):
    return ((holding.ends_on is None or holding.ends_on >= starts_on)
            and (ends_on is None or holding.starts_on <= ends_on))


def _check_delegation(user, post, kind, starts_on, delegated_by, holdings):
    if kind != "delegation":
        if delegated_by is not None:
            _fail("delegated_by", _("Only a delegation names who delegated it."))
        return
    if delegated_by is None:
        _fail("delegated_by", _("Say who delegated this post."), "required")
    if delegated_by is user:
        _fail("delegated_by", _("A user cannot delegate a post to themselves."))
    if not any(h.user is delegated_by and h.kind != "delegation" and h.is_current(starts_on)
               for h in holdings):
        _fail("delegated_by", _("%(name)s does not hold this post on the start date.",
                                name=delegated_by.name))


def assign_post(actor, user, post, kind, starts_on, ends_on=None, delegated_by=None):
    """An active user holds an active post from a date; a holding never clashes with the same
    user's, and a post has one regular holder at a time; a delegation comes from a holder."""
    if kind not in HOLDING_KINDS:
        _fail("kind", _("Choose regular, additional charge or delegation."))
    _active(user, "user")
    _active(post, "post")
    if ends_on is not None and ends_on < starts_on:
        _fail("ends_on", _("The end date is before the start date."), "order")
    holdings = db.session.scalars(select(PostHolding).where(PostHolding.post_id == post.id)).all()
    _check_delegation(user, post, kind, starts_on, delegated_by, holdings)
    for other in holdings:
        if not _overlaps(other, starts_on, ends_on):
            continue
        if other.user is user:
            _fail("starts_on", _("%(name)s already holds this post in this period.",
                                 name=user.name), "overlap")
        if kind == other.kind == "regular":
            _fail("starts_on", _("%(name)s holds this post regularly in this period. End that "
                                 "holding first.", name=other.user.name), "overlap")
    holding = PostHolding(user=user, post=post, kind=kind, starts_on=starts_on, ends_on=ends_on,
                          delegated_by=delegated_by)
    db.session.add(holding)
    db.session.flush()
    audit.record("holding.create", user=actor, obj=holding, post=post,
                 detail=f"{user.username} holds {post.label} ({kind}) from {starts_on}"
                        + (f" to {ends_on}" if ends_on else ""))
    return holding


def end_holding(actor, holding, ends_on):
    """A holding ends on a date not before its start; one that has already ended stays ended."""
    if holding.ends_on is not None and holding.ends_on < today():
        raise WorkflowError(_("This holding has already ended."))
    if ends_on < holding.starts_on:
        _fail("ends_on", _("The end date is before the start date."), "order")
    detail = f"{holding.user.username} leaves {holding.post.label}: " + _apply(holding, ends_on=ends_on)
    db.session.flush()
    audit.record("holding.end", user=actor, obj=holding, post=holding.post, detail=detail)
    return holding


def _count(stmt):
    return db.session.scalar(select(func.count()).select_from(stmt.subquery()))


def _retire_blocker(actor, record):
    """Why `record` cannot be retired yet, or None: nothing active may be left depending on it."""
    active_offices = select(Office.id).where(Office.active.is_(True))
    active_posts = select(Post.id).where(Post.active.is_(True))
    checks = []
    if isinstance(record, OrgUnit):
        checks = [(select(OrgUnit.id).where(OrgUnit.parent_id == record.id, OrgUnit.active.is_(True)),
                   _("Units under it are still active.")),
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
    elif record.id == actor.id:
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
        _end_sessions(record)
    db.session.flush()
    action = "restore" if active else "retire"
    audit.record(f"{NOUNS[type(record)]}.{action}", user=actor, obj=record, detail=reason or "")
