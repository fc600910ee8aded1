from wtforms import StringField
from wtforms.validators import Length, Optional, ValidationError

from .. import labels
from ..forms import DayField, QueryForm, SelectField
from ..i18n import lazy_gettext as _l
from ..models.records import GRADINGS
from ..vocabulary import ACTIVE, CLOSED, IN_FILE, PARKED
from .services import Filters

STATUSES = (ACTIVE, PARKED, IN_FILE, CLOSED)


def _optional_int(value):
    return int(value) if value not in (None, "") else None


class SearchForm(QueryForm):
    """The search box and its filters."""

    q = StringField(_l("Search"), validators=[Length(max=200)])
    kind = SelectField(_l("Type"), choices=[("", _l("All")), ("file", _l("Files")),
                                            ("receipt", _l("Receipts")), ("note", _l("Notes"))],
                       default="")
    status = SelectField(_l("Status"), choices=[("", _l("All"))] + labels.choices(
        labels.STATUS, STATUSES), default="")
    form = SelectField(_l("Form"), choices=[("", _l("All")), ("electronic", _l("Electronic")),
                                            ("physical", _l("Physical"))], default="")
    grading = SelectField(_l("Grading"), choices=[("", _l("All"))] + labels.choices(
        labels.GRADING, GRADINGS), default="")
    office = SelectField(_l("Office"), coerce=_optional_int, validate_choice=True)
    unit = SelectField(_l("Area"), coerce=_optional_int, validate_choice=True)
    date_from = DayField(_l("Dated from"), validators=[Optional()])
    date_to = DayField(_l("Dated to"), validators=[Optional()])

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date is before the start date."))

    def filters(self):
        return Filters(kind=self.kind.data or "", status=self.status.data or "",
                       form=self.form.data or "", grading=self.grading.data or "",
                       office_id=self.office.data, unit_id=self.unit.data,
                       date_from=self.date_from.data, date_to=self.date_to.data)
