"""Form pieces shared by several areas."""
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import IntegerField
from wtforms import SelectField as _SelectField
from wtforms.validators import Optional
from wtforms.widgets import HiddenInput
from wtforms.widgets import Select as _Select

from . import labels
from .errors import WorkflowError
from .extensions import db
from .models.records import GRADINGS, PRIORITIES


def grading_choices():
    return labels.choices(labels.GRADING, GRADINGS)


def priority_choices():
    return labels.choices(labels.PRIORITY, PRIORITIES)


class Select(_Select):
    """WTForms' select with plain options written out directly: going through
    html_params option by option, a filter form listing the districts cost more than
    the search it filters."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        selected = " selected" if choice.selected else ""
        label = escape(choice.label or choice.value)
        return Markup(f'<option{selected} value="{escape(choice.value)}">{label}</option>')


class SelectField(_SelectField):
    widget = Select()


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
