"""Who am I, and the address book."""
from flask import g, jsonify
from sqlalchemy.orm import selectinload

from ..models import Post
from ..movement import addressbook
from . import serializers
from .auth import personal_only
from .blueprint import bp
from .paging import paginate
from .payloads import PAGING, query
from .schema import string


@bp.get("/me")
def me():
    return jsonify(serializers.me(g.api_actor, g.api_token))


POSTS_QUERY = {"q": string(200), **PAGING}


@bp.get("/posts")
@personal_only
def posts():
    args = query(POSTS_QUERY)
    statement = addressbook.post_search(args.get("q", "")).options(
        selectinload(Post.office), selectinload(Post.section))
    found = paginate(statement, args["page"], args["per_page"])
    holders = addressbook.holders_by_post(found.items)
    return jsonify(serializers.page_of(found, lambda post: serializers.post_entry(post, holders)))
