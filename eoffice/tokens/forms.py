from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from ..forms import Form
from ..i18n import lazy_gettext as _l


class TokenForm(Form):
    name = StringField(_l("What is the token for?"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Your password"), validators=[DataRequired(), Length(max=256)])


class RevokeForm(Form):
    pass
