"""What is searchable, and the index document of each item.

An area makes a model searchable with one call, e.g. final notes:

    register_searchable(Note, "note", note_fields, parent=("file", Note.efile_id),
                        when=lambda note: note.is_final, url=note_url)

A document carries the item's words (number, title, body) and its keys: who may see
it (keys.item_keys, plus the parent's keys) and its facets for the filters (type,
status, grading, electronic or physical, office, org unit, month). Anything a
registration leaves out of `fields` (status, office...) comes from the parent.

An area may add passages to a kind's documents (`add_passages`): text kept elsewhere,
e.g. the pages read from a receipt's scans, searched with the item; a hit in one shows
the line it matched and where it is (`Passage.source`, `Passage.page`).
"""
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Callable

from flask import url_for
from sqlalchemy import inspect, select

from .. import richtext
from ..clock import office_day
from ..extensions import db
from ..models import EFile, Note, Receipt
from ..models.records import MovableMixin
from . import text
from .keys import item_keys, office_paths, path_key, path_prefixes, trail_posts

BODY_LIMIT = 20000
PASSAGES_LIMIT = 100000  # characters of passages indexed per item (OCR of many pages)
FACETS = ("status", "grading", "is_electronic", "office_id", "unit_path")


@dataclass
class Searchable:
    model: type
    kind: str
    fields: Callable  # obj -> {"number", "title", "body", "dated_on", facets, e.g. "office_id"}
    parent: tuple | None = None  # (parent kind, foreign-key column)
    when: Callable | None = None  # obj -> False: not (or no longer) in the index
    url: Callable | None = None  # obj -> link to the item's page
    ignore: frozenset = frozenset()  # attributes whose change leaves the document as it is
    passages: Callable | None = None  # item ids -> {item id: [Passage]}, see add_passages
    passage_source: object = None  # the foreign key of the rows passages come from

    @property
    def movable(self):
        return issubclass(self.model, MovableMixin)


REGISTRY = {}


def register_searchable(model, kind, fields, parent=None, when=None, url=None, ignore=()):
    REGISTRY[kind] = Searchable(model, kind, fields, parent, when, url, frozenset(ignore))


@dataclass(frozen=True)
class Passage:
    source: str  # where it is, as a reader names it: the scan's file name
    page: int
    text: str


def add_passages(kind, loader, source):
    """`loader(item ids)` -> {item id: [Passage]}: searched with the items of `kind`;
    whoever changes a passage reindexes its items (search.sync.reindex). `source`: the
    foreign key column, to the item, of the rows the passages come from (added through
    the session): an item made in a transaction that added none of them has none."""
    REGISTRY[kind].passages = loader
    REGISTRY[kind].passage_source = source


def passage_kinds_from(obj):
    """The kinds whose passages come from rows like `obj`."""
    return [entry.kind for entry in REGISTRY.values()
            if entry.passage_source is not None and isinstance(obj, entry.passage_source.class_)]


def passage_source_item(kind, obj):
    """The id of the item of `kind` whose passages may come from the row `obj`."""
    return getattr(obj, REGISTRY[kind].passage_source.key)


@dataclass
class Fresh:
    """What a transaction knows of an item it made: the posts of the movements it
    recorded for it (its whole trail) and whether it added rows its passages come from."""
    trail: set = field(default_factory=set)
    sourced: bool = False


def searchable_for(obj):
    for entry in REGISTRY.values():
        if isinstance(obj, entry.model):
            return entry
    return None


def children_of(kind):
    return [entry for entry in REGISTRY.values() if entry.parent and entry.parent[0] == kind]


@dataclass
class Document:
    kind: str
    item_id: int
    number: str
    title: str
    body: str
    dated_on: date | None
    facets: dict
    keys: set = field(default_factory=set)  # who may see it (policy keys)
    numbered: bool = True  # its number is its own (files, receipts): typing it jumps there
    passages: list = field(default_factory=list)

    @property
    def number_key(self):
        return text.number_key(self.number) if self.number and self.numbered else None

    def index_keys(self):
        """Visibility keys and facet keys, all plain letters and digits."""
        facets = self.facets
        form = "electronic" if facets.get("is_electronic", True) else "physical"
        keys = set(self.keys) | set(facet_keys(self.kind, facets.get("status"),
                                               facets.get("grading"), form,
                                               facets.get("office_id")))
        unit_path = facets.get("unit_path") or "/"
        keys |= {unit_key(prefix) for prefix in path_prefixes(unit_path)}
        if self.dated_on:
            keys.add(month_key(self.dated_on))
        return keys

    def heading_words(self):
        number, title, _body = self.words
        return number + title

    @cached_property
    def words(self):
        """(number, title, body) as token lists; passages are part of the body."""
        passages = "\n".join(passage.text for passage in self.passages)[:PASSAGES_LIMIT]
        return (text.tokens(self.number), text.tokens(self.title),
                text.tokens(self.body[:BODY_LIMIT]) + text.tokens(passages))


def unit_key(path):
    return "u" + path_key(path)[1:]


def month_key(day):
    return f"m{day.year:04d}{day.month:02d}"


def facet_keys(kind=None, status=None, grading=None, form=None, office_id=None, unit_path=None):
    """Keys of the chosen facets, as documents carry them (see Document.index_keys)."""
    keys = []
    if kind:
        keys.append(f"k{kind}")
    if status:
        keys.append("s" + status.replace("_", ""))
    if grading:
        keys.append("g" + grading.replace("_", ""))
    if form:
        keys.append("e1" if form == "electronic" else "e0")
    if office_id:
        keys.append(f"f{office_id}")
    if unit_path:
        keys.append(unit_key(unit_path))
    return keys


def build_documents(kind, ids, cache=None, made=None):
    """{item id: Document, or None when the item is gone or not to be indexed}.
    `made`: {item id: Fresh} of the items the current transaction made: their trail
    and passages need no query."""
    cache = {} if cache is None else cache
    made = made or {}
    entry = REGISTRY[kind]
    wanted = [item_id for item_id in ids if (kind, item_id) not in cache]
    objects = _in_session(entry.model, wanted)
    missing = [item_id for item_id in wanted if item_id not in objects]
    if missing:
        objects.update((obj.id, obj) for obj in db.session.scalars(
            select(entry.model).where(entry.model.id.in_(missing))))
    trails = {}
    if entry.movable:
        trails = {item_id: made[item_id].trail for item_id in objects if item_id in made}
        trails.update(trail_posts(entry.model, [item_id for item_id in objects
                                                if item_id not in made]))
    fields = {item_id: entry.fields(obj) for item_id, obj in objects.items()
              if not (entry.when and not entry.when(obj))}
    paths = office_paths({f["office_id"] for f in fields.values() if "office_id" in f})
    read = [item_id for item_id in fields if item_id not in made or made[item_id].sourced]
    passages = entry.passages(read) if entry.passages and read else {}
    parents = {}
    if entry.parent:
        parent_kind, column = entry.parent
        parent_ids = {getattr(obj, column.key) for obj in objects.values()} - {None}
        if parent_ids:  # a receipt just diarised is in no file yet
            parents = build_documents(parent_kind, parent_ids, cache)
    for item_id in wanted:
        cache[kind, item_id] = None
        if item_id not in fields:
            continue  # gone, or not to be indexed
        obj = objects[item_id]
        parent = parents.get(getattr(obj, entry.parent[1].key)) if entry.parent else None
        if entry.parent and not entry.movable and parent is None:
            continue  # seen only through its parent, which is not indexed
        item_fields = fields[item_id]
        if "office_id" in item_fields:
            item_fields["unit_path"] = paths.get(item_fields["office_id"], "/")
        cache[kind, item_id] = _document(entry, obj, item_fields, trails.get(item_id, ()),
                                         parent, passages.get(item_id, []))
    return {item_id: cache[kind, item_id] for item_id in ids}


def _in_session(model, ids):
    """The items this session holds already, fresh (as a changed item is just before the
    commit): they need no select."""
    mapper, found = inspect(model), {}
    for item_id in ids:
        obj = db.session.identity_map.get(mapper.identity_key_from_primary_key((item_id,)))
        if obj is not None and not inspect(obj).expired:
            found[item_id] = obj
    return found


def _document(entry, obj, fields, trail, parent, passages):
    facets = {name: fields[name] for name in FACETS if name in fields}
    if parent is not None:
        facets = {**parent.facets, **facets}
    dated_on = office_day(fields.get("dated_on"))  # the date filters are office days
    keys = item_keys(obj, trail, facets.get("unit_path", "/")) if entry.movable else set()
    if parent is not None:
        keys |= parent.keys
    return Document(entry.kind, obj.id, fields.get("number") or "", fields.get("title") or "",
                    fields.get("body") or "", dated_on, facets, keys, numbered=entry.movable,
                    passages=passages)


def _movable_facets(item):
    return {"status": item.status, "grading": item.grading, "is_electronic": item.is_electronic,
            "office_id": item.office_id}


def _receipt_fields(receipt):
    body = " · ".join(part for part in (
        receipt.sender_name, receipt.sender_designation, receipt.sender_organisation,
        receipt.sender_address, receipt.letter_no, receipt.body) if part)
    return {"number": receipt.diary_no, "title": receipt.subject, "body": body,
            "dated_on": receipt.received_on, **_movable_facets(receipt)}


def _file_fields(efile):
    return {"number": efile.file_no, "title": efile.subject, "body": "",
            "dated_on": efile.created_at, **_movable_facets(efile)}


# A move changes these, and who may see the item only through the movement it records
# (the holder is always on the trail): search/sync.py looks at the movement instead.
# The cover's seal (a MAC of its other columns) changes with every move, so it counts as one.
MOVE_ONLY = ("holder_post_id", "read_at", "version", "holder_since", "sent_by_post_id",
             "priority", "due_on", "seal")

register_searchable(EFile, "file", _file_fields, ignore=MOVE_ONLY,
                    url=lambda efile: url_for("files.show", item_id=efile.id))
register_searchable(Receipt, "receipt", _receipt_fields, parent=("file", Receipt.efile_id),
                    ignore=MOVE_ONLY, url=lambda receipt: url_for("dak.show", item_id=receipt.id))


def _note_fields(note):
    return {"number": "", "title": f"{note.author_name}, {note.designation}",
            "body": richtext.plain_text(note.body_html), "dated_on": note.finalised_at}


register_searchable(Note, "note", _note_fields, parent=("file", Note.efile_id),
                    when=lambda note: note.is_final,
                    url=lambda note: url_for("files.show", item_id=note.efile_id,
                                             _anchor=f"note-{note.seq}"))
