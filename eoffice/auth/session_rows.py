"""A request's session row (or API token) with its user, the user's roles and post
holdings and the posts held, read by one Core statement built once and made into the
ORM's own objects directly (eoffice/orm_rows.py).

Every signed-in request reads these first. Through the ORM (a select with joined
loads) the rows' reading cost a third of a page that does nothing else: the ORM sets
up its loading context and a row processor per path on every execution. Here the rows
come as plain tuples and each object is made as the ORM makes a freshly loaded one
(every column set and committed, persistent in the request's session, its other
relationships loading lazily as before), so services and templates use the user, its
posts and roles exactly as before, and assign it to relationships.
"""
from sqlalchemy import bindparam, select

from ..models import ApiToken, Post, PostHolding, User, UserRole, UserSession
from ..orm_rows import Shape, fill


class _Signed:
    """A row that signs a user in (a session or an API token), found by the hash of its
    token, read with its user's roles, holdings and posts in one statement built once."""

    def __init__(self, head):
        models = (head, User, UserRole, PostHolding, Post)
        shapes, start = [], 0
        for model in models:
            shapes.append(Shape(model, start))
            start = shapes[-1].end
        self.head, self.user, self.role, self.holding, self.post = shapes
        _s, _u, _r, _h, _p = (model.__table__ for model in models)
        # One row per (role, holding): a user has a few of each.
        self.statement = (select(*_s.c, *_u.c, *_r.c, *_h.c, *_p.c)
                          .select_from(_s.join(_u, _u.c.id == _s.c.user_id)
                                       .outerjoin(_r, _r.c.user_id == _u.c.id)
                                       .outerjoin(_h, _h.c.user_id == _u.c.id)
                                       .outerjoin(_p, _p.c.id == _h.c.post_id))
                          .where(_s.c.token_hash == bindparam("digest")))

    def load(self, session, digest):
        # on the connection: a Core select needs none of the ORM's execution (its plugins
        # and result wrapping); what the session has pending is written first, as the
        # ORM's autoflush would (at the start of a request: nothing, at no cost)
        session.flush()
        rows = session.connection().execute(self.statement, {"digest": digest}).all()
        if not rows:
            return None
        first = rows[0]
        head, user = self.head.take(session, first), self.user.take(session, first)
        roles, holdings, posts = {}, {}, {}
        for row in rows:
            role = self.role.take(session, row) if row[self.role.identity[1]] not in roles \
                else None
            if role is not None:
                roles[role.role] = role
            holding_id = row[self.holding.identity[0]]
            if holding_id is not None and holding_id not in holdings:
                holding = holdings[holding_id] = self.holding.take(session, row)
                post = posts.get(holding.post_id) or self.post.take(session, row)
                posts[post.id] = post
                fill(holding, "post", post)
        fill(head, "user", user)
        fill(user, "role_rows", list(roles.values()))
        fill(user, "holdings", list(holdings.values()))
        return head


SESSIONS, TOKENS = _Signed(UserSession), _Signed(ApiToken)


def load_session_row(session, digest):
    """The session row whose token hashes to `digest`, with `user`, `user.role_rows`,
    `user.holdings` and each holding's `post` loaded; None if there is none."""
    return SESSIONS.load(session, digest)


def load_token_row(session, digest):
    """The API token whose hash is `digest`, loaded as `load_session_row` loads a session
    row (its service offices load lazily, as before); None if there is none."""
    return TOKENS.load(session, digest)
