"""Form pieces shared by several areas."""
from . import labels
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.widgets import HiddenInput
from wtforms.validators import Optional

from .errors import WorkflowError
from .extensions import db
from .models.records import GRADINGS, PRIORITIES


def grading_choices():
    return labels.choices(labels.GRADING, GRADINGS)


def priority_choices():
    return labels.choices(labels.PRIORITY, PRIORITIES)


class VersionedForm(FlaskForm):
    """Every action on an item carries the version it was shown at (409 when stale)."""
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])


def post_choices(posts):
    return [(post.id, f"{post.label} — {post.office.name}") for post in posts]


def submit(form, action, refusals=WorkflowError):
    """For a valid form, run one service call and commit: (result, None). A refusal
    rolls back and comes back as (None, error) for the page to show; an invalid form
    gives (None, None) and its field errors."""
    if not form.validate_on_submit():
        return None, None
    try:
        result = action()
    except refusals as error:
        db.session.rollback()
        return None, error
    db.session.commit()
    return result, None


def refusal_message(error):
    return error.message if error is not None else None
