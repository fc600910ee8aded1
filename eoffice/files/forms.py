from wtforms import RadioField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length

from .. import labels
from ..forms import Form, grading_choices, priority_choices
from ..i18n import lazy_gettext as _l
from ..inputs import whole_number
from ..models.records import FILE_CATEGORIES


class FileForm(Form):
    as_post = SelectField(_l("Open for post"), coerce=int)
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=500)])
    category = SelectField(_l("Category"),
                           choices=labels.choices(labels.FILE_CATEGORY, FILE_CATEGORIES))
    head = StringField(_l("File head"), validators=[DataRequired(), Length(max=40)])
    section = SelectField(_l("Section"), coerce=int)
    form = RadioField(_l("Form"), choices=[("electronic", _l("Electronic")),
                                           ("physical", _l("Physical (tracked only)"))],
                      default="electronic")
    grading = SelectField(_l("Grading"), choices=grading_choices())
    priority = SelectField(_l("Priority"), choices=priority_choices())
    receipts = SelectMultipleField(_l("Receipts to put in"), coerce=whole_number,
                                   validate_choice=False)
