"""can_view for the search index: keys on the user side (posts held, subtrees
overseen) and on the item side (its trail, its office's units); a user sees an item
when the two meet."""
from functools import lru_cache
from hashlib import blake2b

from sqlalchemy import bindparam, select, union_all

from ..extensions import db
from ..models import EFile, Movement, Office, OrgUnit
from ..policy import held_post_ids, oversight_paths


def post_key(post_id):
    return f"p{post_id}"


@lru_cache(maxsize=8192)
def path_key(path):
    return "o" + blake2b(path.encode(), digest_size=6).hexdigest()


def path_prefixes(path):
    """"/JK/KMR/SGR/" -> "/", "/JK/", "/JK/KMR/", "/JK/KMR/SGR/"."""
    parts = path.strip("/").split("/") if path.strip("/") else []
    return ["/"] + ["/" + "/".join(parts[:depth]) + "/" for depth in range(1, len(parts) + 1)]


def viewer_keys(user, restricted=False):
    """can_view for the search index, user side: one key per post held and per
    org subtree overseen (restricted=True: only the keys that can open a restricted
    item, the posts). See item_keys for the other side."""
    keys = {post_key(post) for post in held_post_ids(user)}
    if not restricted:
        keys |= {path_key(path) for path in oversight_paths(user)}
    return keys


def item_keys(item, trail, unit_path):
    """can_view for the search index, item side: a key for every post on the item's
    trail (`trail`: the from/to/by posts of its movements) and, unless its grading is
    restricted, one for each org unit above its office (`unit_path`: its office's org
    unit). A user sees the item when viewer_keys and item_keys meet; receipts in a file
    add the file's keys."""
    posts = set(trail) | {item.holder_post_id, item.created_by_post_id}
    keys = {post_key(post) for post in posts if post}
    if not item.is_restricted():
        keys |= {path_key(prefix) for prefix in path_prefixes(unit_path)}
    return keys


# session.info: {office id: its org unit's path} as this transaction read it already
# (diarising reads it with the office); forgotten at the commit, the rollback, or a move
# in the org tree (search/sync.py)
KNOWN_PATHS = "search_office_paths"
# built once, run on the session's connection: for one office, building the statement and
# the ORM's handling of its result cost many times what the database takes to answer
OFFICE_PATHS = select(Office.id, OrgUnit.path).join(OrgUnit, Office.org_unit_id == OrgUnit.id) \
    .where(Office.id.in_(bindparam("ids", expanding=True)))


def note_office_path(office_id, path):
    """The office's unit path, read by this transaction: office_paths needs no query."""
    db.session.info.setdefault(KNOWN_PATHS, {})[office_id] = path


def office_paths(office_ids):
    """{office id: its org unit's path}, in one query (none for those noted)."""
    known = db.session.info.get(KNOWN_PATHS, {})
    paths = {office_id: known[office_id] for office_id in office_ids if office_id in known}
    wanted = sorted(set(office_ids) - set(paths))
    if wanted:
        paths.update(db.session.connection().execute(OFFICE_PATHS, {"ids": wanted}).all())
    return paths


def trail_posts(model, ids, leaving_out=()):
    """Every post on the trail of each item, from the movement log, in one query
    (`leaving_out`: ids of movements not to count)."""
    trail = {item_id: set() for item_id in ids}
    if not ids:
        return trail
    parameters = {"ids": list(ids)}
    if leaving_out:
        parameters["leaving_out"] = list(leaving_out)
    for item_id, post_id in db.session.connection().execute(
            _trail_statement(model, bool(leaving_out)), parameters):
        trail[item_id].add(post_id)
    return trail


@lru_cache(maxsize=None)
def _trail_statement(model, leaving_out):
    """Built once per item model (building it cost more than running it for one item)."""
    column = Movement.efile_id if model is EFile else Movement.receipt_id
    ids = bindparam("ids", expanding=True)
    counted = [Movement.id.not_in(bindparam("leaving_out", expanding=True))] if leaving_out \
        else []
    return union_all(*[select(column.label("item_id"), post.label("post_id")).where(
        column.in_(ids), post.is_not(None), *counted).distinct()
        for post in (Movement.from_post_id, Movement.to_post_id, Movement.by_post_id)])
