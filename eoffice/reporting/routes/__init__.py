"""Thin views: load, check, call one service, commit once, respond."""
from flask import current_app
from flask_login import current_user

from ... import policy
from ...extensions import db
from ...forms import page_number
from ...i18n import lazy_gettext as _l
from ...names import name_in
from .. import labels
from ..blueprint import bp


def page_of(query):
    """One page of a select, the page number taken from ?page=."""
    return db.paginate(query, page=page_number(),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)


def fill_district_filter(form, districts):
    """District filter choices; returns the chosen district or None for all of them."""
    form.district.choices = labels.options(((d.code, name_in(d)) for d in districts),
                                           _l("All districts"))
    return next((d for d in districts if d.code == form.district.data), None)


def editable_district_choices():
    return labels.options((d.id, name_in(d)) for d in policy.reporting_districts(current_user))


def filter_args(form):
    """The filter values in use, to carry into pager links."""
    return {field.name: field.data for field in form if field.data}


def chosen(field, mapping):
    """A filter's value when it is one of the known codes, else None."""
    return field.data if field.data in mapping else None
