from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..forms import Form
from ..i18n import lazy_gettext as _l
from .services import MAX_NOTE_CHARS


class NoteForm(Form):
    body = TextAreaField(_l("Note"), render_kw={"rows": 8, "dir": "auto"}, validators=[
        DataRequired(message=_l("Write the text first.")), Length(max=MAX_NOTE_CHARS)])


class LinkForm(Form):
    file_no = StringField(_l("File number"), validators=[
        DataRequired(message=_l("Give the number of the file to link.")), Length(max=160)])
    remarks = StringField(_l("Why (optional)"), validators=[Length(max=300)])


class ConfirmForm(Form):
    """A POST with nothing but its CSRF token (discarding a draft note)."""
