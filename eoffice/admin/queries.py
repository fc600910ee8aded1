"""The searches behind the admin lists; each returns a select() for db.paginate."""
from sqlalchemy import false, select
from sqlalchemy.orm import joinedload

from .. import names
from ..clock import today, utcnow
from ..models import Department, Office, OrgUnit, Post, PostHolding, Section, User, UserRole
from .lookups import find_unit, matching


def _filtered(model, q, status, *columns):
    stmt = select(model)
    if q:
        stmt = stmt.where(matching(q, *columns))
    if status == "active":
        stmt = stmt.where(model.active.is_(True))
    elif status == "retired":
        stmt = stmt.where(model.active.is_(False))
    return stmt


def units(q=None, status="active", kind=None, within=None):
    stmt = _filtered(OrgUnit, q, status, OrgUnit.code, *names.columns(OrgUnit.name))
    if kind:
        stmt = stmt.where(OrgUnit.kind == kind)
    if within:
        top = find_unit(within)
        stmt = stmt.where(OrgUnit.path.startswith(top.path, autoescape=True) if top else false())
    return stmt.order_by(OrgUnit.path)


def departments(q=None, status="active"):
    stmt = _filtered(Department, q, status, Department.code,
                     *names.columns(Department.name))
    return stmt.order_by(Department.code)


def offices(q=None, status="active", department=None):
    stmt = _filtered(Office, q, status, Office.code, *names.columns(Office.name))
    if department:
        stmt = stmt.join(Office.department).where(Department.code == department)
    return (stmt.options(joinedload(Office.department), joinedload(Office.org_unit))
            .order_by(Office.code))


def sections(office, q=None, status="active"):
    stmt = _filtered(Section, q, status, Section.code, Section.name)
    return stmt.where(Section.office_id == office.id).order_by(Section.code)


def posts(q=None, status="active", office=None):
    stmt = _filtered(Post, q, status, *names.columns(Post.label),
                     *names.columns(Post.designation))
    if office:
        stmt = stmt.join(Post.office).where(Office.code == office.strip().upper())
    return (stmt.options(joinedload(Post.office), joinedload(Post.section),
                         joinedload(Post.reports_to))
            .order_by(Post.office_id, Post.label))


def users(q=None, status="active", role=None):
    stmt = _filtered(User, q, "all" if status == "locked" else status,
                     User.name, User.username, User.employee_code, User.email)
    if status == "locked":
        stmt = stmt.where(User.locked_until > utcnow())
    if role:
        stmt = stmt.where(User.role_rows.any(UserRole.role == role))
    return stmt.order_by(User.name)


def holdings(q=None, status="current", kind=None, user=None, post=None):
    stmt = select(PostHolding).join(PostHolding.user).join(PostHolding.post)
    if q:
        stmt = stmt.where(matching(q, User.username, User.name, *names.columns(Post.label)))
    on = today()
    if status == "current":
        stmt = stmt.where(PostHolding.starts_on <= on,
                          PostHolding.ends_on.is_(None) | (PostHolding.ends_on >= on))
    elif status == "upcoming":
        stmt = stmt.where(PostHolding.starts_on > on)
    elif status == "ended":
        stmt = stmt.where(PostHolding.ends_on < on)
    if kind:
        stmt = stmt.where(PostHolding.kind == kind)
    if user:
        stmt = stmt.where(PostHolding.user_id == user)
    if post:
        stmt = stmt.where(PostHolding.post_id == post)
    return (stmt.options(joinedload(PostHolding.user), joinedload(PostHolding.delegated_by),
                         joinedload(PostHolding.post).joinedload(Post.office))
            .order_by(PostHolding.starts_on.desc(), PostHolding.id.desc()))
