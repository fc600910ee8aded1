"""A request's session row with its user, the user's roles and post holdings and the
posts held, read by one Core statement built once and made into the ORM's own objects
directly.

Every signed-in request reads these first. Through the ORM (a select with joined
loads) the rows' reading cost a third of a page that does nothing else: the ORM sets
up its loading context and a row processor per path on every execution. Here the rows
come as plain tuples and each object is made as the ORM makes a freshly loaded one
(every column set and committed, persistent in the request's session, its other
relationships loading lazily as before), so services and templates use the user, its
posts and roles exactly as before, and assign it to relationships.

An object the session already holds is kept, and only what it has not loaded is filled
in, as an ORM query does without `populate_existing`.
"""
from sqlalchemy import bindparam, select
from sqlalchemy.orm import attributes

from ..models import Post, PostHolding, User, UserRole, UserSession


class _Shape:
    """Where a model's columns sit in the statement's rows, and their attribute names."""

    def __init__(self, model, start):
        mapper = model.__mapper__
        self.mapper = mapper
        columns = list(model.__table__.columns)
        self.keys = [mapper.get_property_by_column(column).key for column in columns]
        self.start, self.end = start, start + len(columns)
        self.identity = [start + columns.index(column) for column in mapper.primary_key]

    def take(self, session, row):
        """The object a row names (None for an outer join's missing row): the session's
        own if it holds it, else a new persistent one."""
        identity = tuple(row[i] for i in self.identity)
        if identity[0] is None:
            return None
        key = self.mapper.identity_key_from_primary_key(identity)
        held = session.identity_map.get(key)
        values = row[self.start:self.end]
        if held is not None:
            state = attributes.instance_state(held)
            for name, value in zip(self.keys, values):
                if name not in state.dict:
                    attributes.set_committed_value(held, name, value)
            return held
        # as the ORM's loading makes a new instance (sqlalchemy.orm.loading._instance):
        # keyed, in the session's identity map, its columns set, nothing changed
        made = self.mapper.class_manager.new_instance()
        state = attributes.instance_state(made)
        state.key, state.identity_token, state.session_id = key, None, session.hash_key
        session.identity_map._add_unpresent(state, key)
        made.__dict__.update(zip(self.keys, values))
        return made


MODELS = (UserSession, User, UserRole, PostHolding, Post)
_shapes, _start = [], 0
for _model in MODELS:
    _shapes.append(_Shape(_model, _start))
    _start = _shapes[-1].end
SESSION, USER, ROLE, HOLDING, POST = _shapes

_s, _u, _r, _h, _p = (model.__table__ for model in MODELS)
# One row per (role, holding): a user has a few of each.
STATEMENT = (select(*_s.c, *_u.c, *_r.c, *_h.c, *_p.c)
             .select_from(_s.join(_u, _u.c.id == _s.c.user_id)
                          .outerjoin(_r, _r.c.user_id == _u.c.id)
                          .outerjoin(_h, _h.c.user_id == _u.c.id)
                          .outerjoin(_p, _p.c.id == _h.c.post_id))
             .where(_s.c.token_hash == bindparam("digest")))


def _fill(obj, name, value):
    """A relationship the object has not loaded, set as loaded (one it has is kept)."""
    if name not in attributes.instance_state(obj).dict:
        attributes.set_committed_value(obj, name, value)


def load_session_row(session, digest):
    """The session row whose token hashes to `digest`, with `user`, `user.role_rows`,
    `user.holdings` and each holding's `post` loaded; None if there is none."""
    rows = session.execute(STATEMENT, {"digest": digest}).all()
    if not rows:
        return None
    first = rows[0]
    session_row, user = SESSION.take(session, first), USER.take(session, first)
    roles, holdings, posts = {}, {}, {}
    for row in rows:
        role = ROLE.take(session, row) if row[ROLE.identity[1]] not in roles else None
        if role is not None:
            roles[role.role] = role
        holding_id = row[HOLDING.identity[0]]
        if holding_id is not None and holding_id not in holdings:
            holding = holdings[holding_id] = HOLDING.take(session, row)
            post = posts.get(holding.post_id) or POST.take(session, row)
            posts[post.id] = post
            _fill(holding, "post", post)
    _fill(session_row, "user", user)
    _fill(user, "role_rows", list(roles.values()))
    _fill(user, "holdings", list(holdings.values()))
    return session_row
