"""Long maintenance (rebuilding kept figures) works over a table a range of ids at a
time, one commit per range, so writers get their turn between ranges."""
from sqlalchemy import func, select

from .extensions import db


def id_ranges(column, size):
    """(low, high) ranges of `size` ids up to the largest now; the last range has no
    upper bound (high None), so it also covers rows made while the work goes on."""
    last_id = db.session.scalar(select(func.max(column))) or 0
    lows = list(range(1, last_id + 1, size)) or [1]
    return [(low, low + size - 1) for low in lows[:-1]] + [(lows[-1], None)]


def within(column, low, high):
    """The condition for one range of `id_ranges`."""
    return column >= low if high is None else column.between(low, high)
