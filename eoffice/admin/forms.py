"""One form per admin use case. Reference fields take a code, user name or post number and,
with JavaScript on, suggest matches while typing."""
from functools import partial

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget, TextInput

from ..clock import today
from ..forms import DayField, Form, QueryForm
from ..i18n import gettext as _
from ..i18n import language_choices, lazy_pgettext
from ..inputs import MAX_ID
from ..models.office import DEFAULT_FILE_PATTERN
from . import labels, lookups


class LookupInput(TextInput):
    """A text box whose typing asks /admin/lookup for a <datalist> of matches (htmx)."""

    def __init__(self, kind):
        super().__init__()
        self.kind = kind

    def __call__(self, field, **kwargs):
        options = f"{field.id}-options"
        kwargs.update({"list": options, "autocomplete": "off",
                       "data-hx-get": url_for("admin.lookup", kind=self.kind, field=field.name),
                       "data-hx-trigger": "input changed delay:300ms", "data-hx-target": f"#{options}",
                       "data-hx-swap": "outerHTML", "data-hx-sync": "this:replace"})
        datalist = Markup('<datalist id="{}"></datalist>').format(options)
        return super().__call__(field, **kwargs) + datalist


def select_choices(pairs, blank=None):
    """Select choices from (value, label) pairs, after an "all" choice when `blank` is given."""
    pairs = ([("", blank)] if blank else []) + list(pairs)
    return [SelectChoice(value, label) for value, label in pairs]


class _Reference:
    """The field's text names a record of `kind`; after validation `.record` holds it."""
    record = None

    def process_data(self, value):
        if value is not None and not isinstance(value, str):
            value = lookups.reference(self.kind, value)
        self.data = value

    def post_validate(self, form, validation_stopped):
        self.record = None
        text = (self.data or "").strip()
        if validation_stopped or self.errors or not text:
            return
        self.record = lookups.find(self.kind, text)
        if self.record is None:
            raise ValidationError(lookups.NOT_FOUND[self.kind])


class RefField(_Reference, StringField):
    def __init__(self, label, kind, **kwargs):
        kwargs.setdefault("validators", [Optional(), Length(max=200)])
        super().__init__(label, widget=LookupInput(kind), **kwargs)
        self.kind = kind


class RefSelectField(_Reference, SelectField):
    """A short list (departments) chosen from a select box."""

    def __init__(self, label, kind, **kwargs):
        super().__init__(label, choices=lambda: select_choices(lookups.choices(kind)), **kwargs)
        self.kind = kind


class SectionCodeField(StringField):
    """A section code inside the office chosen in the same form (resolved by the form)."""
    record = None

    def process_data(self, value):
        self.data = getattr(value, "code", value)


class AdminForm(Form):
    def payload(self):
        """The service's keyword arguments: records for references, None for blanks."""
        values = {}
        for field in self:
            if field.name == "csrf_token":
                continue
            value = field.record if hasattr(field, "record") else field.data
            values[field.name] = (value.strip() or None) if isinstance(value, str) else value
        return values


def code_field(length=32):
    return StringField(_l("Code"), validators=[DataRequired(), Length(max=length)],
                       description=_l("Capital letters, digits and hyphens. "
                                      "It cannot be changed later."))


def name_field(length=160):
    return StringField(_l("Name"), validators=[DataRequired(), Length(max=length)])


def local_name_field(label, language, length=160):
    """The Hindi or Urdu form of a name, typed in its own script and direction; empty
    shows the English one (eoffice.names)."""
    return StringField(label, validators=[Optional(), Length(max=length)],
                       render_kw={"lang": language, "dir": "rtl" if language == "ur" else "ltr"})


def hindi_name_field(length=160):
    return local_name_field(_l("Name in Hindi"), "hi", length)


def urdu_name_field(length=160):
    return local_name_field(_l("Name in Urdu"), "ur", length)


class UnitForm(AdminForm):
    code = code_field()
    name = name_field()
    name_hi = hindi_name_field()
    name_ur = urdu_name_field()
    kind = SelectField(_l("Kind"), choices=select_choices(labels.UNIT_KINDS.items()))
    parent = RefField(_l("Parent unit"), "unit",
                      description=_l("Code of the unit above, e.g. SGR. "
                                     "Empty only for the union territory."))


class UnitEditForm(UnitForm):
    code = None


class DepartmentForm(AdminForm):
    code = code_field(16)
    name = name_field()
    name_hi = hindi_name_field()
    name_ur = urdu_name_field()


class DepartmentEditForm(DepartmentForm):
    code = None


class OfficeForm(AdminForm):
    code = code_field()
    name = name_field(200)
    name_hi = hindi_name_field(200)
    name_ur = urdu_name_field(200)
    department = RefSelectField(_l("Department"), "department")
    org_unit = RefField(_l("Organisation unit"), "unit",
                        validators=[DataRequired(), Length(max=32)],
                        description=_l("Code of the unit the office serves, e.g. SGR."))
    file_number_pattern = StringField(
        _l("File number pattern"), default=DEFAULT_FILE_PATTERN,
        validators=[DataRequired(), Length(max=120)],
        description=_l("Placeholders: {dept} {office} {section} {head} {serial} {year}. "
                       "{serial} is required."))


class OfficeEditForm(OfficeForm):
    code = None


class SectionForm(AdminForm):
    code = code_field()
    name = name_field()


class SectionEditForm(SectionForm):
    code = None


class PostForm(AdminForm):
    designation = StringField(_l("Designation"), validators=[DataRequired(), Length(max=160)])
    designation_hi = local_name_field(_l("Designation in Hindi"), "hi")
    designation_ur = local_name_field(_l("Designation in Urdu"), "ur")
    label = StringField(_l("Marking label"), validators=[DataRequired(), Length(max=80)],
                        description=_l("Short name used when marking files, e.g. SO (Estt)."))
    label_hi = local_name_field(_l("Marking label in Hindi"), "hi", 80)
    label_ur = local_name_field(_l("Marking label in Urdu"), "ur", 80)
    office = RefField(_l("Office"), "office", validators=[DataRequired(), Length(max=32)],
                      description=_l("Office code, e.g. DC-SGR."))
    section = SectionCodeField(_l("Section"), validators=[Optional(), Length(max=32)],
                               description=_l("Section code inside that office (optional)."))
    reports_to = RefField(_l("Reports to"), "post",
                          description=_l("Number or marking label of the post above (optional)."))
    can_approve = BooleanField(_l("Approves letters for issue"),
                               description=_l("Whoever holds this post may approve draft letters "
                                              "so that they can be issued (e.g. DC, ADC)."))
    oversight = SelectField(
        _l("Oversight"), choices=select_choices(labels.OVERSIGHT_SCOPES.items()), default="none",
        description=_l("What whoever holds this post (also by additional charge or delegation) "
                       "may read beyond their own work: open files and receipts and the "
                       "dashboards of the district the office is at, or of the whole UT."))

    def validate_section(self, field):
        office = self.office.record
        field.record = None
        if office is not None:
            code = field.data.strip().upper()
            field.record = next((s for s in office.sections if s.code == code), None)
            if field.record is None:
                raise ValidationError(_l("This office has no section with this code."))


class PasswordHint:
    """Shows the password policy under the password field, when the form has one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if getattr(self, "password", None) is not None:
            self.password.description = _(
                "At least %(n)d characters. A phrase of several words is easy to remember.",
                n=current_app.config["PASSWORD_MIN_LENGTH"])


class UserForm(PasswordHint, AdminForm):
    name = name_field()
    employee_code = StringField(_l("Employee code"), validators=[DataRequired(), Length(max=32)])
    username = StringField(_l("User name"), validators=[DataRequired(), Length(max=64)],
                           render_kw={"autocomplete": "off"})
    email = EmailField(_l("E-mail"), validators=[Optional(), Length(max=200)])
    mobile = TelField(_l("Mobile"), validators=[Optional(), Length(max=20)])
    language = SelectField(_l("Language"), choices=lambda: select_choices(language_choices()))
    roles = SelectMultipleField(_l("Roles"), choices=select_choices(labels.ROLES.items()),
                                default=["official"],
                                widget=ListWidget(prefix_label=False),
                                option_widget=CheckboxInput())
    password = PasswordField(_l("Initial password"), validators=[DataRequired(), Length(max=128)],
                             render_kw={"autocomplete": "new-password"})


class UserEditForm(UserForm):
    password = None


class PasswordResetForm(PasswordHint, AdminForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=128)],
                             render_kw={"autocomplete": "new-password"})


class ActionForm(AdminForm):
    reason = TextAreaField(_l("Reason (kept in the audit log)"),
                           validators=[Optional(), Length(max=500)], render_kw={"rows": 2})


class HoldingForm(AdminForm):
    user = RefField(_l("User"), "user", validators=[DataRequired(), Length(max=64)],
                    description=_l("User name, e.g. so.srinagar."))
    post = RefField(lazy_pgettext("position", "Post"), "post",
                    validators=[DataRequired(), Length(max=200)],
                    description=_l("Number or marking label of the post."))
    kind = SelectField(_l("Kind"), choices=select_choices(labels.HOLDING_KINDS.items()))
    starts_on = DayField(lazy_pgettext("date range", "From"), default=today,
                         validators=[DataRequired()])
    ends_on = DayField(lazy_pgettext("date range", "To"), validators=[Optional()],
                       description=_l("Empty: until further orders."))
    delegated_by = RefField(_l("Delegated by"), "user",
                            description=_l("For a delegation: user name of the post's holder."))


class EndHoldingForm(AdminForm):
    ends_on = DayField(_l("Last day"), default=today, validators=[DataRequired()])


STATUSES = [("active", _l("Active")), ("retired", _l("Retired")), ("all", _l("All"))]


def filter_select(label, pairs, everything=None, default=""):
    """A select above a list; `pairs()` gives its choices, after an unfiltered `everything`."""
    return SelectField(label, default=default, choices=lambda: select_choices(pairs(), everything))


class FilterForm(QueryForm):
    """The search box and filters above a list."""

    q = StringField(_l("Search"), validators=[Optional(), Length(max=100)])
    status = filter_select(_l("Status"), lambda: STATUSES, default="active")


class UnitFilterForm(FilterForm):
    kind = filter_select(_l("Kind"), labels.UNIT_KINDS.items, _l("All kinds"))
    within = StringField(_l("Within unit (code)"), validators=[Optional(), Length(max=32)])


class OfficeFilterForm(FilterForm):
    department = filter_select(_l("Department"), partial(lookups.choices, "department"),
                               _l("All departments"))


class PostFilterForm(FilterForm):
    office = StringField(_l("Office (code)"), validators=[Optional(), Length(max=32)])


class UserFilterForm(FilterForm):
    role = filter_select(_l("Role"), labels.ROLES.items, _l("All roles"))
    status = filter_select(_l("Status"), lambda: [*STATUSES[:1], ("locked", _l("Locked")),
                                                  *STATUSES[1:]], default="active")


class HoldingFilterForm(FilterForm):
    kind = filter_select(_l("Kind"), labels.HOLDING_KINDS.items, _l("All kinds"))
    status = filter_select(_l("Status"), lambda: [
        ("current", _l("Current")), ("upcoming", _l("Upcoming")), ("ended", _l("Ended")),
        ("all", _l("All"))], default="current")
    user = IntegerField(widget=HiddenInput(), validators=[Optional(), NumberRange(1, MAX_ID)])
    post = IntegerField(widget=HiddenInput(), validators=[Optional(), NumberRange(1, MAX_ID)])
