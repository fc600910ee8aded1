from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ..i18n import lazy_gettext as _l


class TokenForm(FlaskForm):
    name = StringField(_l("What is the token for?"), validators=[DataRequired(), Length(max=80)])


class RevokeForm(FlaskForm):
    pass
