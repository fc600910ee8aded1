"""One page of a select, counted in the database."""
from math import ceil

from sqlalchemy import func, select

from ..extensions import db
from ..inbox.queries import Page


def paginate(statement, page, per_page):
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None)
                                                                .subquery()))
    pages = max(1, ceil(total / per_page))
    page = min(max(1, page), pages)
    items = db.session.scalars(statement.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(items, page, pages, total)
