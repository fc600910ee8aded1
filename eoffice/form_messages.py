"""WTForms' and Flask-WTF's own messages that the portal's forms can show, put into our
catalogue: WTForms asks for them at run time through `forms.translations`, where
extraction cannot see them, and ships no Hindi or Urdu of its own.

Each msgid is WTForms' string byte for byte. Covered: the default messages of the
validators we use (DataRequired, InputRequired, Length, NumberRange, Email) and the
input errors of our field types (integer, float, date, select, multiple select, radio).
A form using another validator or field type adds its messages here."""


from .i18n import N_

MESSAGES = (
    N_("This field is required."),
    N_("Field must be at least %(min)d character long.",
       "Field must be at least %(min)d characters long."),
    N_("Field cannot be longer than %(max)d character.",
       "Field cannot be longer than %(max)d characters."),
    N_("Field must be exactly %(max)d character long.",
       "Field must be exactly %(max)d characters long."),
    N_("Field must be between %(min)d and %(max)d characters long."),
    N_("Number must be at least %(min)s."),
    N_("Number must be at most %(max)s."),
    N_("Number must be between %(min)s and %(max)s."),
    N_("Invalid email address."),
    N_("Not a valid integer value."),
    N_("Not a valid float value."),
    N_("Not a valid date value."),
    N_("Not a valid choice."),
    N_("Invalid Choice: could not coerce."),
    N_("Invalid choice(s): one or more data inputs could not be coerced."),
    N_("'%(value)s' is not a valid choice for this field.",
       "'%(value)s' are not valid choices for this field."),
)
