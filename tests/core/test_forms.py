"""The portal's select widget writes what WTForms' own writes, faster."""
import re

from wtforms import Form
from wtforms.validators import DataRequired
from wtforms.widgets import Select as WTFormsSelect

from eoffice.forms import SelectField

OPTION = re.compile(r"<option ([^>]*)>([^<]*)</option>")


class Filters(Form):
    pick = SelectField("Pick", choices=[("", "All"), ("a&b", 'A <b> "quoted"'), (3, "Three")],
                       coerce=str, validators=[DataRequired()])
    flag = SelectField("Flag", choices=[(True, "Yes"), (False, "No")], coerce=bool)


def options(html):
    return [(frozenset(attributes.split()), label) for attributes, label in OPTION.findall(html)]


def test_select_matches_wtforms_option_for_option(app):
    with app.test_request_context():
        form = Filters(data={"pick": "a&b", "flag": True})
        ours, theirs = form.pick(), WTFormsSelect()(form.pick)
    assert options(ours) == options(theirs)
    assert '<option selected value="a&amp;b">A &lt;b&gt; &#34;quoted&#34;</option>' in ours
    assert ours.startswith('<select id="pick" name="pick" required>')
    assert len(options(ours)) == 3


def test_select_with_other_values_is_left_to_wtforms(app):
    with app.test_request_context():
        form = Filters(data={"pick": "", "flag": True})
        assert form.flag() == WTFormsSelect()(form.flag)
