"""Form pieces shared by several areas."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.widgets import HiddenInput
from wtforms.validators import Optional

from .models.records import GRADINGS, PRIORITIES


def grading_choices():
    labels = {"normal": _l("Normal"), "confidential": _l("Confidential"),
              "secret": _l("Secret"), "top_secret": _l("Top secret")}
    return [(value, labels[value]) for value in GRADINGS]


def priority_choices():
    labels = {"normal": _l("Normal"), "immediate": _l("Immediate"),
              "most_immediate": _l("Most immediate")}
    return [(value, labels[value]) for value in PRIORITIES]


class VersionedForm(FlaskForm):
    """Every action on an item carries the version it was shown at (409 when stale)."""
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])


def post_choices(posts):
    return [(post.id, f"{post.label} — {post.office.name}") for post in posts]
