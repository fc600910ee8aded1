"""Load an item for the signed-in user, or answer 404 when it is not theirs to see."""
from flask import abort
from flask_login import current_user
from sqlalchemy.orm import joinedload

from . import policy
from .extensions import db
from .models import EFile, Post, Receipt
from .vocabulary import ITEM_KINDS

# by kind, and by the kind's part of URLs ("files")
MODELS = {"file": EFile, "receipt": Receipt}
MODELS.update({ITEM_KINDS[kind].path: model for kind, model in list(MODELS.items())})


def _shown_with(model):
    """What every item page shows beside the item: who holds it where, who created it."""
    return [joinedload(model.holder_post).joinedload(Post.office),
            joinedload(model.created_by_post)]


def load_item_or_404(kind, item_id, user=None):
    """The item, when `user` (by default the signed-in one) may see it; 404 otherwise."""
    model = MODELS.get(kind)
    item = db.session.get(model, item_id, options=_shown_with(model)) if model else None
    if item is None or not policy.can_view(user or current_user, item):
        abort(404)
    return item


def item_url_kind(item):
    return ITEM_KINDS[item.kind].path
