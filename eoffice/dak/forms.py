from flask_wtf.file import MultipleFileField
from wtforms import (
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from .. import labels
from ..forms import DayField, Form, QueryForm, VersionedForm, grading_choices
from ..i18n import lazy_gettext as _l
from ..inputs import MAX_ID, whole_number
from ..models.records import RECEIPT_CATEGORIES, RECEIPT_MODES

SENDER_FIELDS = ("sender_name", "sender_designation", "sender_organisation", "sender_address",
                 "sender_email", "sender_mobile")


class ReceiptFields:
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=500)])
    body = TextAreaField(_l("Gist or text of the letter"), validators=[Length(max=20000)])
    sender_name = StringField(_l("Sender's name"), validators=[DataRequired(), Length(max=160)])
    sender_designation = StringField(_l("Designation"), validators=[Length(max=160)])
    sender_organisation = StringField(_l("Organisation"), validators=[Length(max=200)])
    sender_address = TextAreaField(_l("Address"), validators=[Length(max=400)])
    sender_email = StringField(_l("E-mail"), validators=[Optional(), Email(), Length(max=200)])
    sender_mobile = StringField(_l("Mobile"), validators=[Length(max=20)])
    letter_no = StringField(_l("Letter number"), validators=[Length(max=120)])
    letter_date = DayField(_l("Letter date"), validators=[Optional()])
    received_on = DayField(_l("Received on"), validators=[DataRequired()])
    mode = SelectField(_l("Came by"), choices=labels.choices(labels.MODE, RECEIPT_MODES))
    category = SelectField(_l("Category"),
                           choices=labels.choices(labels.RECEIPT_CATEGORY, RECEIPT_CATEGORIES))
    grading = SelectField(_l("Grading"), choices=grading_choices())

    def data_for_service(self):
        names = ("subject", "body", "letter_no", "letter_date", "received_on", "mode",
                 "category", "grading") + SENDER_FIELDS
        return {name: (getattr(self, name).data or "") if isinstance(
            getattr(self, name), (StringField, TextAreaField)) else getattr(self, name).data
            for name in names}


class DiariseForm(ReceiptFields, Form):
    as_post = SelectField(_l("Diarise for post"), coerce=int)
    form = RadioField(_l("Form"), choices=[("electronic", _l("Electronic (scanned)")),
                                           ("physical", _l("Physical (tracked only)"))],
                      default="electronic")
    attachments = MultipleFileField(_l("Scanned letter and enclosures (PDF, JPEG, PNG)"))
    scans = HiddenField()  # scans stored by "Read the scan", signed (dak.staged)
    # the button pressed: read the scan, save, save & send, save & diarise another
    then = StringField(name="action", default="save")


class DiariseStartForm(QueryForm):
    """The diarise form's link: `sender_from`, the receipt whose sender to copy."""
    sender_from = IntegerField(validators=[Optional(), NumberRange(min=1, max=MAX_ID)])


class EditReceiptForm(ReceiptFields, VersionedForm):
    pass


class PutInFileForm(VersionedForm):
    # the files offered are the page's; a file posted is checked by the service
    efile_id = SelectField(_l("File"), coerce=whole_number, validate_choice=False,
                           validators=[InputRequired(message=_l("Choose a file."))])
