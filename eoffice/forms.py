"""Form pieces shared by several areas."""
from flask import has_request_context, request
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto as FROM_THE_REQUEST
from markupsafe import Markup, escape
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage, ImmutableMultiDict
from wtforms import DateField, FileField, IntegerField
from wtforms import SelectField as _SelectField
from wtforms.validators import Optional
from wtforms.widgets import HiddenInput, TextInput, html_params
from wtforms.widgets import Select as _Select

from . import i18n, labels, names
from .csrf_mask import MaskedFormCSRF
from .errors import DomainError, WorkflowError, error_response, is_unique_violation, settle_refusal
from .extensions import db
from .i18n import gettext as _
from .inputs import DAY_FORMATS, DAY_PATTERN, FIRST_DAY, LAST_DAY, whole_number
from .models.records import GRADINGS, PRIORITIES


class _Translations:
    """WTForms' own messages ("This field is required.", listed in form_messages.py) from
    the portal's catalogue, in the request's language; outside a request, as written."""

    def gettext(self, string):
        return i18n.gettext(string) if has_request_context() else string

    def ngettext(self, singular, plural, n):
        if not has_request_context():
            return singular if n == 1 else plural
        return i18n.ngettext(singular, plural, n)


translations = _Translations()


class Form(FlaskForm):
    """The base of every form: WTForms' built-in messages in the user's language, and
    input taken only as a browser's form sends it.

    Flask-WTF's own i18n stays off (WTF_I18N_ENABLED): it reads WTForms' catalogue, which
    has no Hindi or Urdu, from disk on every request."""

    class Meta:
        csrf_class = MaskedFormCSRF

        def get_translations(self, form):
            return translations

        def wrap_formdata(self, form, formdata):
            """Uploads only in file fields and text in the others (NUL characters are
            already gone: inputs.TextWithoutNul). A JSON body is no form (Flask-WTF would
            read it; only the API takes JSON): the fields are empty, and say so."""
            if formdata is FROM_THE_REQUEST and form.is_submitted() and request.is_json:
                formdata = ImmutableMultiDict()
            formdata = super().wrap_formdata(form, formdata)
            if formdata is None:
                return None
            uploads = {field.name for field in form if isinstance(field, FileField)}
            return ImmutableMultiDict([(name, value) for name, value in formdata.items(multi=True)
                                       if isinstance(value, FileStorage) == (name in uploads)])


class QueryForm(Form):
    """Filters and choices read from the query string (a GET changes nothing, so no CSRF
    token): the one way a page reads what its URL asks for. A value a field refuses is
    left out of values() and its message shown beside the field; the page still answers.
    `in_body_too`: a form posted back with the same fields (a search inside a form) is
    read from its body as well."""
    in_body_too = False

    class Meta:
        csrf = False

        def wrap_formdata(self, form, formdata):
            if formdata is FROM_THE_REQUEST:
                formdata = request.values if form.in_body_too else request.args
            return super().wrap_formdata(form, formdata)

    def values(self):
        """The valid, non-empty values; anything invalid is left out."""
        self.validate()
        return {field.name: field.data for field in self
                if not field.errors and field.data not in (None, "")}


def from_query(form_class, **kwargs):
    """A page's form filled from the query string instead of a posted body (htmx asking
    after the form's scans as they are read), without CSRF: it saves nothing."""
    return form_class(request.args, meta={"csrf": False}, **kwargs)


def query_value(name, default=None, type=None):  # noqa: A002 - Werkzeug's own word
    """One value of the query string (a page number, a sort key, an id to start from), or
    `default` when absent or when `type` refuses it (an id past any row is no id)."""
    return request.args.get(name, default, type=type)


def page_number():
    """?page= of a list: 1 when absent or no whole number (past the last page: empty)."""
    return query_value("page", 1, type=whole_number)


def query_values(name, type=None):  # noqa: A002
    """Every value of a repeated query-string name that `type` takes."""
    return request.args.getlist(name, type=type)


def query_string(leave_out=()):
    """{name: value} of the query string but `leave_out`, for links that keep the filters
    (the next page, the other sort order)."""
    return {name: value for name, value in request.args.items() if name not in leave_out}


def grading_choices():
    return labels.choices(labels.GRADING, GRADINGS)


def priority_choices():
    return labels.choices(labels.PRIORITY, PRIORITIES)


class Select(_Select):
    """WTForms' select, written out directly for the plain case (a list of (value,
    label) pairs, one value chosen): WTForms builds an object per option and inspects
    its own signature on every render, and a page of filters cost more than the search
    it filters."""

    def __call__(self, field, **kwargs):
        choices = field.choices
        if self.multiple or not isinstance(choices, list) or \
                any(len(choice) != 2 or isinstance(choice[0], bool) for choice in choices):
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        for flag in self.validation_attrs:
            if flag not in kwargs and getattr(field.flags, flag):
                kwargs[flag] = getattr(field.flags, flag)
        options = "".join(
            f'<option{" selected" if field.coerce(value) == field.data else ""} '
            f'value="{escape(value)}">{escape(label or value)}</option>'
            for value, label in choices)
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>{options}</select>")


class SelectField(_SelectField):
    widget = Select()


class DayField(DateField):
    """A day typed DD-MM-YYYY, the same in every language (a browser's date input shows
    its own locale's mm/dd/yyyy beside our DD-MM-YYYY text); YYYY-MM-DD is taken too."""
    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        render_kw = {"inputmode": "numeric", "autocomplete": "off", "pattern": DAY_PATTERN,
                     "placeholder": i18n.lazy_gettext("DD-MM-YYYY"), "class": "day",
                     **kwargs.pop("render_kw", {})}
        super().__init__(label, validators, format=list(DAY_FORMATS), render_kw=render_kw,
                         invalid_value_message=i18n.lazy_gettext(
                             "Give the date as DD-MM-YYYY, for example 31-01-2026."), **kwargs)

    def process_formdata(self, valuelist):
        if valuelist:
            valuelist = [" ".join(valuelist).strip()]
        if valuelist == [""]:
            self.data = None
            return
        super().process_formdata(valuelist)
        if self.data is not None and not FIRST_DAY <= self.data <= LAST_DAY:
            self.data = None
            raise ValueError(self.invalid_value_message)


class VersionedForm(Form):
    """Every action on an item carries the version it was shown at (409 when stale)."""
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])


def post_choices(posts):
    return [(post.id, f"{names.name_in(post, 'label')} — {names.name_in(post.office)}")
            for post in posts]


class Submission:
    """What became of a submitted form: `done` with the service's `result` (committed), or
    the page to show again with `status` and the refusal not placed beside a field (`error`)."""

    def __init__(self, done=False, result=None, error=None, status=200):
        self.done, self.result, self.error, self.status = done, result, error, status


def refused(form, sent):
    """A one-button action not done (an action on an item, revoking a token, ending a
    session: there is no page of its own to show again), answered as every refusal is
    (errors.error_response): the message on a page with the refusal's status, alone for
    htmx, or on top of an inline list refreshed in place. Invalid input (a stale form, a
    value out of range) is a 422 that says what its fields were refused for."""
    message = sent.error or " ".join(str(error) for errors in form.errors.values()
                                     for error in errors)
    return error_response(sent.status, message or _("The request could not be understood."))


def press(form, action):
    """submit() for a one-button action: every refusal of the service comes back, to be
    answered with refused(form, sent)."""
    return submit(form, action, refusals=DomainError)


def submit(form, action, refusals=WorkflowError):
    """The one way a page handles a form: a valid one runs one service call and commits.
    Shown again: 200 before it is sent, 422 when invalid, the refusal's own status (a
    WorkflowError 422) with its message beside the field it names, else above the form; a
    unique key taken meanwhile by someone else 409. A refusal saves nothing but the count
    of a wrong password (CountedFailure)."""
    if not form.validate_on_submit():
        return Submission(status=422 if form.is_submitted() else 200)
    return attempt(action, form, refusals)


def attempt(action, form=None, refusals=WorkflowError):
    """submit() past the validation: for an action the form's fields need not all be
    filled for (reading a scan before the rest is typed)."""
    try:
        result = action()
        db.session.flush()
    except refusals as refusal:
        settle_refusal(refusal)
        return Submission(error=place_error(form, refusal) if form is not None else refusal.message,
                          status=refusal.status)
    except IntegrityError as clash:
        if not is_unique_violation(clash):
            raise
        db.session.rollback()
        return Submission(error=_("Someone saved a clashing record at the same moment. "
                                  "Check and try again."), status=409)
    if has_request_context():
        i18n.current_locale()  # settled now: after the commit it would read the user again
    db.session.commit()
    return Submission(done=True, result=result)


def place_error(form, error):
    """Put a service's refusal next to the fields it names; else return it for above the form."""
    named = [name for name in error.fields if name in form]
    for name in named:
        form[name].errors = list(form[name].errors) + [error.message]
    return None if named else error.message
