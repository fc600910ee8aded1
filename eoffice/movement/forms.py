from wtforms import (
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from ..forms import DayField, QueryForm, VersionedForm, priority_choices
from ..i18n import lazy_gettext as _l
from ..inputs import whole_number


class SendForm(VersionedForm):
    to_post = SelectMultipleField(_l("Send to"), coerce=whole_number, validate_choice=False,
                                  validators=[DataRequired(message=_l("Choose at least one recipient."))])
    remarks = TextAreaField(_l("Remarks"), validators=[Length(max=1000)])
    priority = SelectField(_l("Priority"), choices=priority_choices())
    due_on = DayField(_l("Due date"), validators=[Optional()])
    # signs the sender's draft notes, which become final as the file leaves
    password = PasswordField(_l("Your password, to sign your draft notes"),
                             render_kw={"autocomplete": "current-password"},
                             validators=[Optional(), Length(max=128)])

    def payload(self):
        return {"to_post_ids": self.to_post.data, "remarks": self.remarks.data or "",
                "priority": self.priority.data, "due_on": self.due_on.data,
                "expected_version": self.version.data}


class ActionForm(VersionedForm):
    remarks = TextAreaField(_l("Remarks"), validators=[Length(max=1000)])


class CloseForm(VersionedForm):
    reason = TextAreaField(_l("Reason for closing"),
                           validators=[DataRequired(message=_l("Give a reason for closing.")),
                                       Length(max=500)])


class AddressBookForm(QueryForm):
    """The address book's search and the tray of posts chosen so far, carried across
    searches in the query string or in the send form posted back (`step` is the send
    form's button: find, review or send)."""
    in_body_too = True

    q = StringField(validators=[Length(max=200)], filters=[lambda text: (text or "").strip()])
    to_post = SelectMultipleField(validate_choice=False)
    multiple = StringField()
    step = StringField(default="send")

    def chosen_ids(self):
        """The posts ticked so far; a broken id chooses no one."""
        ids = []
        for value in self.to_post.data or []:
            try:
                ids.append(whole_number(value))
            except ValueError:
                continue
        return ids
