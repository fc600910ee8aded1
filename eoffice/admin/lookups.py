"""Find organisation records by the text an admin types: codes, user names, post numbers."""
import re

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from .. import names
from ..auth.services import find_user
from ..extensions import db
from ..i18n import lazy_gettext as _l
from ..models import Department, Office, OrgUnit, Post, Section, User

POST_NUMBER = re.compile(r"\s*(\d{1,9})\s*(?::.*)?")
SUGGESTIONS = 15


def matching(text, *columns):
    """Any of `columns` contains `text`, ignoring case; % and _ in it are taken literally."""
    return or_(*(column.icontains(text.strip(), autoescape=True) for column in columns))


def find_unit(text):
    return db.session.scalar(select(OrgUnit).where(OrgUnit.code == text.strip().upper()))


def find_office(text):
    return db.session.scalar(select(Office).where(Office.code == text.strip().upper()))


def find_department(text):
    return db.session.scalar(select(Department).where(Department.code == text.strip().upper()))


def find_post(text):
    """A post by number ("12" or "12: SO (Gen)"), else by a label only one active post has."""
    number = POST_NUMBER.fullmatch(text)
    if number:
        return db.session.get(Post, int(number.group(1)))
    typed = text.strip().lower()
    matches = db.session.scalars(select(Post).where(
        or_(*(func.lower(column) == typed for column in names.columns(Post.label))),
        Post.active.is_(True)).limit(2)).all()
    return matches[0] if len(matches) == 1 else None


FINDERS = {"unit": find_unit, "office": find_office, "department": find_department,
           "post": find_post, "user": find_user}

NOT_FOUND = {
    "unit": _l("No organisation unit has this code."),
    "office": _l("No office has this code."),
    "department": _l("No department has this code."),
    "post": _l("No post matches. Type the post's number from the list of posts."),
    "user": _l("No user has this user name."),
}


def find(kind, text):
    return FINDERS[kind](text)


def reference(kind, record):
    """The text that names `record` in a form field; `find` turns it back into the record."""
    if kind == "post":
        return f"{record.id}: {record.label}"
    return record.username if kind == "user" else record.code


def describe(record):
    """A short human name for any admin record, for titles and audit details."""
    if isinstance(record, User):
        return f"{record.name} ({record.username})"
    if isinstance(record, Post):
        return record.full_label
    if isinstance(record, Section):
        return f"{record.code} — {record.name}, {record.office.name}"
    return f"{record.code} — {record.name}"


SEARCHED = {"unit": (OrgUnit, "code", "name"), "office": (Office, "code", "name"),
            "post": (Post, "label", "designation"), "user": (User, "username", "name")}


def option_label(kind, record):
    if kind == "post":
        return f"{names.name_in(record, 'designation')}, {names.name_in(record.office)}"
    return f"{record.name} ({record.employee_code})" if kind == "user" else names.name_in(record)


def suggestions(kind, text):
    """Up to fifteen active records whose code, name or label contains `text`, as (value, label)."""
    if not (text or "").strip():
        return []
    model, *fields = SEARCHED[kind]
    columns = [getattr(model, name) for name in fields]
    if model is not User:  # organisation names are found in Hindi and Urdu too
        columns = [found for column in columns for found in names.columns(column)]
    stmt = (select(model).where(model.active.is_(True), matching(text, *columns))
            .order_by(columns[0]).limit(SUGGESTIONS))
    if model is Post:
        stmt = stmt.options(joinedload(Post.office))
    return [(reference(kind, row), option_label(kind, row)) for row in db.session.scalars(stmt)]


def choices(kind):
    """(code, label) of every active record of a short list, for a select box."""
    model = {"department": Department}[kind]
    rows = db.session.scalars(select(model).where(model.active.is_(True)).order_by(model.code))
    return [(row.code, f"{row.code} — {row.name}") for row in rows]
