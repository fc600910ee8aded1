from wtforms import IntegerField
from wtforms.validators import NumberRange, Optional

from ..forms import Form
from ..i18n import lazy_gettext as _l

MAX_TARGET = 1_000_000


class TargetForm(Form):
    offices_target = IntegerField(_l("Offices to onboard"),
                                  validators=[Optional(), NumberRange(0, MAX_TARGET)])
    users_target = IntegerField(_l("Users to onboard"),
                                validators=[Optional(), NumberRange(0, MAX_TARGET)])
