from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ..forms import Form
from ..i18n import lazy_gettext as _l


class TokenForm(Form):
    name = StringField(_l("What is the token for?"), validators=[DataRequired(), Length(max=80)])


class RevokeForm(Form):
    pass
