"""Form pieces shared by several areas."""
from . import labels
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.widgets import HiddenInput
from wtforms.validators import Optional

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
