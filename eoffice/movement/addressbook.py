"""The address book: find the post to mark an item to."""
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from .. import names
from ..clock import today
from ..extensions import db
from ..models import Office, Post, PostHolding, User


def search_posts(query, limit=20):
    """Posts whose label, designation, office or current holder's name match."""
    if not (query or "").split():
        return []
    statement = post_search(query).options(selectinload(Post.office))
    return db.session.scalars(statement.limit(limit)).all()


def post_search(query):
    """The select of active posts matching every word of the query (all posts without
    words), ordered by label."""
    words = [w for w in (query or "").split() if w][:5]
    now = today()
    current = and_(PostHolding.post_id == Post.id, PostHolding.starts_on <= now,
                   or_(PostHolding.ends_on.is_(None), PostHolding.ends_on >= now))
    statement = (select(Post).join(Office, Post.office_id == Office.id)
                 .outerjoin(PostHolding, current).outerjoin(User, User.id == PostHolding.user_id)
                 .where(Post.active))
    searched = (*names.columns(Post.label), *names.columns(Post.designation),
                *names.columns(Office.name), User.name)  # English, Hindi or Urdu names
    for word in words:  # % and _ typed are letters to find, not wildcards
        statement = statement.where(or_(*(column.icontains(word, autoescape=True)
                                          for column in searched)))
    return statement.distinct().order_by(Post.label, Post.id)


def suggested_posts(post, limit=12):
    """Where things usually go from a post: up the chain, down to it, and its office."""
    if post is None:
        return []
    candidates = []
    if post.reports_to_id:
        candidates.append(db.session.get(Post, post.reports_to_id))
    candidates += db.session.scalars(select(Post).where(Post.reports_to_id == post.id,
                                                        Post.active)).all()
    candidates += db.session.scalars(select(Post).where(Post.office_id == post.office_id,
                                                        Post.active, Post.id != post.id)).all()
    seen, result = set(), []
    for candidate in candidates:
        if (candidate is not None and candidate.active and candidate.id not in seen
                and candidate.id != post.id):
            seen.add(candidate.id)
            result.append(candidate)
    return result[:limit]


def holders_by_post(posts):
    """Current holders' names per post id, for showing who sits where."""
    if not posts:
        return {}
    now = today()
    rows = db.session.execute(
        select(PostHolding.post_id, User.name).join(User, User.id == PostHolding.user_id)
        .where(PostHolding.post_id.in_([p.id for p in posts]), PostHolding.starts_on <= now,
               or_(PostHolding.ends_on.is_(None), PostHolding.ends_on >= now))).all()
    holders = {}
    for post_id, name in rows:
        holders.setdefault(post_id, []).append(name)
    return holders


TRAY_LIMIT = 50  # more recipients than this is a circular, not a marking


def posts_by_ids(ids, limit=TRAY_LIMIT):
    """The active posts named by ids, in the order first given: the send form's tray."""
    wanted = list(dict.fromkeys(i for i in ids if i is not None))[:limit]
    if not wanted:
        return []
    found = {post.id: post for post in db.session.scalars(
        select(Post).where(Post.id.in_(wanted), Post.active).options(selectinload(Post.office)))}
    return [found[i] for i in wanted if i in found]
