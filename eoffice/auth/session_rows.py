"""A request's session row with its user, the user's roles and post holdings and the
posts held, read by one Core statement built once and made into the ORM's own objects
directly (eoffice/orm_rows.py).

Every signed-in request reads these first. Through the ORM (a select with joined
loads) the rows' reading cost a third of a page that does nothing else: the ORM sets
up its loading context and a row processor per path on every execution. Here the rows
come as plain tuples and each object is made as the ORM makes a freshly loaded one, so
services and templates use the user, its posts and roles exactly as before, and assign
it to relationships.
"""
from sqlalchemy import bindparam, select

from ..models import Post, PostHolding, User, UserRole, UserSession
from ..orm_rows import Shape, fill

MODELS = (UserSession, User, UserRole, PostHolding, Post)
_shapes, _start = [], 0
for _model in MODELS:
    _shapes.append(Shape(_model, _start))
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
            fill(holding, "post", post)
    fill(session_row, "user", user)
    fill(user, "role_rows", list(roles.values()))
    fill(user, "holdings", list(holdings.values()))
    return session_row
