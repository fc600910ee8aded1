"""The dispatch register: letters issued by the offices a user may read, filtered."""
from math import ceil

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from .. import policy
from ..clock import utc_end_of, utc_start_of
from ..extensions import db
from ..inbox.queries import Page
from ..models import Dispatch, EFile, Office, OrgUnit
from ..models.dispatch import DISPATCH_MODES
from ..models.records import RESTRICTED_GRADINGS

PRINT_LIMIT = 2000


def _scope(user):
    offices, paths = policy.dispatch_scope(user)
    conditions = [Office.id.in_(offices)] + [OrgUnit.path.startswith(p) for p in paths]
    return or_(*conditions) if conditions else Office.id.is_(None)


def register_offices(user):
    """Offices whose register the user may read, by name (for the office filter)."""
    return db.session.scalars(select(Office).join(OrgUnit, Office.org_unit_id == OrgUnit.id)
                              .where(_scope(user)).order_by(Office.name)).all()


def _query(user, filters):
    query = (select(Dispatch).join(Office, Dispatch.office_id == Office.id)
             .join(OrgUnit, Office.org_unit_id == OrgUnit.id).where(_scope(user)))
    if filters.get("office"):
        query = query.where(Dispatch.office_id == filters["office"])
    if filters.get("mode") in DISPATCH_MODES:
        query = query.where(Dispatch.mode == filters["mode"])
    if filters.get("date_from"):
        query = query.where(Dispatch.issued_at >= utc_start_of(filters["date_from"]))
    if filters.get("date_to"):
        query = query.where(Dispatch.issued_at < utc_end_of(filters["date_to"]))
    text = (filters.get("q") or "").strip()
    if text:
        def has(column):  # % and _ typed are letters to find, not wildcards
            return column.icontains(text, autoescape=True)
        # subjects and recipients of confidential and higher files are not searchable
        # from the register (who a confidential letter went to is itself confidential)
        open_file = select(EFile.id).where(EFile.id == Dispatch.efile_id,
                                           EFile.grading.not_in(RESTRICTED_GRADINGS)).exists()
        query = query.where(or_(has(Dispatch.dispatch_no),
                                (has(Dispatch.recipients) | has(Dispatch.subject)) & open_file))
    return query


def dispatch_register(user, filters, page=1, per_page=25):
    """One page of the register, newest first; per_page=None gives all (for printing)."""
    query = _query(user, filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    per_page = per_page or PRINT_LIMIT
    pages = max(1, ceil(total / per_page))
    page = min(max(1, page), pages)
    rows = db.session.scalars(
        query.order_by(Dispatch.issued_at.desc(), Dispatch.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
        .options(selectinload(Dispatch.efile), selectinload(Dispatch.office),
                 selectinload(Dispatch.issued_by_post))).all()
    return Page(rows, page, pages, total)
