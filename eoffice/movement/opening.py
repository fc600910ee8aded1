"""The page of a file or receipt: loading it opens it for the post it waits with."""
from flask_login import current_user

from .. import policy
from ..database import start_writing
from ..extensions import db
from ..loaders import WITH_COVER, load_item_or_404
from .services import open_item


def load_opened(kind, item_id):
    """load_item_or_404, and when the item waits with the user's post, opening it is
    recorded (read; its due time starts) before the page shows it."""
    item = load_item_or_404(kind, item_id, shown=WITH_COVER)
    if policy.can_open(current_user, item):
        start_writing(db.session)
        open_item(current_user, item)
        db.session.commit()
    return item
