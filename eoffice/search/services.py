"""Search: files, receipts and final notes the user may see, best match first.

Cost is bounded at any size: the index returns at most POOL matches (the newest),
only those are ranked, and only one page of items is loaded. Rank: how many of the
words are in the item's number and title, then the newest first, the same on both
databases (FTS5's bm25 would first count every match in the whole table, which at a
million rows costs more than the search itself).

Who may see what is decided inside the index (policy keys), so totals count only what
the user may see; every loaded item passes policy.visible_filter as well, so nothing
the pages would refuse can appear.
"""
from dataclasses import dataclass, field
from datetime import date
from math import ceil

from markupsafe import Markup
from sqlalchemy import exists, select

from .. import names, policy
from ..clock import office_day
from ..extensions import cache, db
from ..i18n import current_locale
from ..models import Office, OrgUnit, Post
from ..models.records import RESTRICTED_GRADINGS
from . import text
from .documents import REGISTRY, facet_keys, month_key
from .index import get_index
from .keys import viewer_keys
from .sync import flush_pending

POOL = 200  # ranked per search: 500 cost 15.5 ms of CPU at a million items, 200 11.3
SNIPPET = 220
MAX_MONTHS = 36


@dataclass
class Hit:
    kind: str
    item: object
    number: str
    title: Markup
    snippet: Markup | None
    dated_on: date | None
    status: str | None
    exact: bool = False  # its number is exactly what was typed
    passage: object = None  # documents.Passage whose line is the snippet

    @property
    def url(self):
        return REGISTRY[self.kind].url(self.item)


@dataclass
class Page:
    items: list
    total: int
    page: int = 1
    pages: int = 1
    more: bool = False  # total is capped at POOL: there are more matches
    exact: list = field(default_factory=list)  # hits whose number is exactly q
    per_page: int = 25


@dataclass
class Filters:
    kind: str = ""
    status: str = ""
    form: str = ""
    grading: str = ""
    office_id: int | None = None
    unit_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    def __bool__(self):
        return any(vars(self).values())

    def keys(self):
        unit_path = db.session.scalar(select(OrgUnit.path).where(OrgUnit.id == self.unit_id)) \
            if self.unit_id else None
        keys = facet_keys(self.kind, self.status, self.grading, self.form, self.office_id,
                          unit_path)
        if self.unit_id and unit_path is None:
            keys.append("u0")  # no such unit: nothing matches
        months = self.months()
        if months:
            keys.append(tuple(months))  # any of them
        return keys

    def months(self):
        """Month keys for a date range, so the index narrows it (the day is checked after)."""
        if not (self.date_from and self.date_to) or self.date_from > self.date_to:
            return []
        first = self.date_from.year * 12 + self.date_from.month - 1
        last = self.date_to.year * 12 + self.date_to.month - 1
        if last - first >= MAX_MONTHS:
            return []
        return [month_key(date(m // 12, m % 12 + 1, 1)) for m in range(first, last + 1)]


def search(user, q, filters=None, page=1, per_page=25, exact=None):
    """Files, receipts and final notes the user may see that match q and the filters,
    best match first; an item whose number is exactly q comes first of all (`exact`:
    those items, when the caller has looked them up already)."""
    filters = filters or Filters()
    query = text.parse_query(q)
    # asking for a restricted grading: oversight keys cannot open any of those items,
    # and leaving them out keeps PostgreSQL's row estimate honest
    posts_only = viewer_keys(user, restricted=True)
    viewer = posts_only if filters.grading in RESTRICTED_GRADINGS else viewer_keys(user)
    if not viewer or not (query or filters):
        return Page([], 0)
    flush_pending()
    index = get_index()
    exact = exact_hits(user, q) if exact is None else exact
    rows = index.query(query, viewer, filters.keys(), (filters.date_from, filters.date_to),
                       POOL, sparse=viewer == posts_only)
    ranked = [(kind, item_id) for _id, kind, item_id, _heading in
              sorted(rows, key=lambda row: (-query.score(row[3]), -row[0]))]
    pinned = [(hit.kind, hit.item.id) for hit in exact]
    ranked = pinned + [key for key in ranked if key not in pinned]
    total = len(ranked)
    pages = max(1, ceil(total / per_page))
    page = min(max(1, page), pages)
    found = hits(user, ranked[(page - 1) * per_page:page * per_page], query)
    for hit in found:
        hit.exact = (hit.kind, hit.item.id) in pinned
    return Page(found, total, page, pages, len(rows) >= POOL, exact, per_page)


def exact_hits(user, q):
    """Files and receipts the user may see whose number is exactly q."""
    key = text.number_key(q or "")
    if not key or len(key) < 3 or not any(ch.isdigit() for ch in key):
        return []  # every file and diary number has digits: its serial (and year)
    return hits(user, get_index().find_number(key), text.Query())


def hits(user, keys, query):
    """Hits for (kind, item id) pairs, in order, each item re-checked against policy."""
    loaded = {}
    for kind in {kind for kind, _id in keys}:
        entry = REGISTRY[kind]
        ids = [item_id for k, item_id in keys if k == kind]
        statement = select(entry.model).where(entry.model.id.in_(ids), _visible(user, entry))
        loaded.update({(kind, obj.id): obj for obj in db.session.scalars(statement)})
    return [_hit(kind, loaded[kind, item_id], query) for kind, item_id in keys
            if (kind, item_id) in loaded]


def _visible(user, entry):
    if entry.movable:
        return policy.visible_filter(user, entry.model)
    parent = REGISTRY[entry.parent[0]].model
    return exists().where(parent.id == entry.parent[1], policy.visible_filter(user, parent))


def _hit(kind, obj, query):
    entry = REGISTRY[kind]
    fields = entry.fields(obj)
    title, _found = text.highlight(fields.get("title") or "", query)
    snippet, found = text.highlight(fields.get("body") or "", query, limit=SNIPPET)
    passage = None
    if not found and query and entry.passages:
        passage, snippet, found = _passage_line(entry.passages([obj.id]).get(obj.id, []), query)
    return Hit(kind, obj, fields.get("number") or "", title, snippet if found else None,
               office_day(fields.get("dated_on")), fields.get("status"), passage=passage)


def _passage_line(passages, query):
    """(passage, its first line holding a query word, highlighted, True), or
    (None, None, False)."""
    for passage in passages:
        for line in passage.text.splitlines():
            snippet, found = text.highlight(line, query, limit=SNIPPET)
            if found:
                return passage, snippet, True
    return None, None, False


# The filter lists are read on every keystroke and change seldom: each is kept a few
# minutes (per set of posts for the offices, once for everyone for the areas).
CHOICES_SECONDS = 300


def office_choices(user):
    """Offices of the user's posts, for the office filter."""
    return _offices_of(tuple(sorted(policy.held_post_ids(user))), current_locale())


@cache.memoize(timeout=CHOICES_SECONDS)
def _offices_of(posts, language):
    return [(id, names.chosen(*name, language=language)) for id, *name in db.session.execute(
        select(Office.id, *names.columns(Office.name)).join(Post, Post.office_id == Office.id)
        .where(Post.id.in_(posts)).distinct().order_by(Office.name))]


def unit_choices():
    """The UT, divisions and districts, for the area filter."""
    return _units_for_filter(current_locale())


@cache.memoize(timeout=CHOICES_SECONDS)
def _units_for_filter(language):
    return [(id, names.chosen(*name, language=language)) for id, *name in db.session.execute(
        select(OrgUnit.id, *names.columns(OrgUnit.name)).where(
            OrgUnit.kind.in_(("ut", "division", "district")), OrgUnit.active)
        .order_by(OrgUnit.path))]
