from flask_wtf.file import FileField
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ..forms import Form
from ..i18n import lazy_gettext as _l


class SignForm(Form):
    secret = PasswordField(_l("Your token PIN or certificate password"),
                           render_kw={"autocomplete": "off"}, validators=[
        DataRequired(message=_l("Enter your PIN or password to sign.")), Length(max=128)])


class VerifyForm(Form):
    pdf = FileField(_l("The PDF you hold"))
    sha256 = StringField(_l("or its SHA-256, as 64 hexadecimal characters"), validators=[
        Optional(), Regexp(r"^\s*[0-9a-fA-F]{64}\s*$",
                           message=_l("A SHA-256 is 64 characters, 0-9 and a-f."))])
