from wtforms import IntegerField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import HiddenInput

from .. import labels
from ..forms import Form
from ..i18n import language_choices, lazy_pgettext
from ..i18n import lazy_gettext as _l
from ..models.dispatch import DISPATCH_MODES
from ..notes.services import MAX_NOTE_CHARS


class DraftForm(Form):
    subject = StringField(_l("Subject"), validators=[
        DataRequired(message=_l("Give the subject.")), Length(max=500)])
    body = TextAreaField(_l("Text of the letter"), render_kw={"rows": 14, "dir": "auto"},
                         validators=[
        DataRequired(message=_l("Write the text first.")), Length(max=MAX_NOTE_CHARS)])
    language = SelectField(_l("Language of the letter"), validators=[Optional()])
    based_on = IntegerField(widget=HiddenInput(), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = language_choices()


class ApproveForm(Form):
    password = PasswordField(_l("Your password, to sign the approval"),
                             render_kw={"autocomplete": "current-password"}, validators=[
        DataRequired(message=_l("Enter your password to sign.")), Length(max=128)])
    version_number = IntegerField(widget=HiddenInput(), validators=[Optional()])


class IssueForm(Form):
    recipients = TextAreaField(_l("Recipients, one per line"), render_kw={"rows": 5}, validators=[
        DataRequired(message=_l("Give at least one recipient, one per line.")),
        Length(max=30000)])
    mode = SelectField(lazy_pgettext("mail mode", "Sent by"), choices=labels.choices(labels.MODE, DISPATCH_MODES))
