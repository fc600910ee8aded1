"""The portal's select widget writes what WTForms' own writes, faster; every form takes
input only as a browser's form sends it."""
import io
import re

from sqlalchemy import select
from wtforms import Form
from wtforms.validators import DataRequired
from wtforms.widgets import Select as WTFormsSelect

from eoffice.extensions import db
from eoffice.forms import SelectField
from eoffice.models import ApiToken
from tests.conftest import csrf_token, login
from tests.factories import PASSWORD

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


def test_forms_take_text_in_text_fields_and_drop_nul_characters(client, org):
    """A file posted into a text field is no text, a JSON body is no form (both answer
    that the field is required, instead of a 500); NUL characters, which PostgreSQL
    cannot store, are dropped."""
    login(client, "so.srinagar")
    token = csrf_token(client, "/tokens")
    for refused in (
            client.post("/tokens", data={"csrf_token": token,
                                         "name": (io.BytesIO(b"Scanner"), "name.txt")}),
            client.post("/tokens", json={"name": "Scanner"}, headers={"X-CSRFToken": token}),
            client.post("/tokens", json=["name", "Scanner"], headers={"X-CSRFToken": token})):
        assert refused.status_code == 422
        assert "This field is required." in refused.get_data(as_text=True)
    assert db.session.scalars(select(ApiToken.name)).all() == []
    saved = client.post("/tokens", data={"csrf_token": token, "name": "Scan\x00ner",
                                         "password": PASSWORD})
    assert saved.status_code == 201
    assert db.session.scalars(select(ApiToken.name)).all() == ["Scanner"]
