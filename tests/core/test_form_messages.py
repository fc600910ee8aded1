"""WTForms' own messages ("This field is required.") come in the user's language."""
import ast
import importlib
import inspect
import pkgutil

import pytest
import wtforms
from flask import g
from flask_wtf import file as flask_wtf_file
from wtforms.fields import choices, datetime, numeric

import eoffice
from eoffice import form_messages, forms
from eoffice.dashboards.forms import TargetForm
from eoffice.extensions import db
from eoffice.models import User
from tests.conftest import csrf_from, login

REQUIRED = {"en": "This field is required.", "hi": "यह फ़ील्ड आवश्यक है।",
            "ur": "یہ خانہ بھرنا ضروری ہے۔"}


def post_token_name(client, language, name):
    login(client, "so.srinagar")
    db.session.query(User).filter_by(username="so.srinagar").one().language = language
    db.session.commit()
    token = csrf_from(client.get("/tokens").get_data(as_text=True))
    return client.post("/tokens", data={"csrf_token": token, "name": name})


@pytest.mark.parametrize("language", ["en", "hi", "ur"])
def test_required_field_says_so_in_the_users_language(client, org, language):
    response = post_token_name(client, language, "")
    assert response.status_code == 422
    assert f'<p id="name-error" class="error">{REQUIRED[language]}</p>' in response.get_data(
        as_text=True)


def test_length_message_is_translated_with_its_number(client, org):
    response = post_token_name(client, "hi", "x" * 81)
    assert response.status_code == 422
    assert "फ़ील्ड 80 अक्षरों से लंबा नहीं हो सकता।" in response.get_data(as_text=True)


def test_number_range_message_is_translated_with_its_numbers(app):
    g.__dict__.clear()  # the test's app context outlives requests: forget any locale
    with app.test_request_context(method="POST", data={"offices_target": "-1"},
                                  headers={"Accept-Language": "ur"}):
        form = TargetForm(meta={"csrf": False})
        assert not form.validate()
    assert form.offices_target.errors == ["عدد 0 اور 1000000 کے درمیان ہونا چاہیے۔"]


def test_outside_a_request_messages_stay_as_wtforms_wrote_them(app):
    assert forms.translations.gettext("This field is required.") == "This field is required."
    assert forms.translations.ngettext("%(n)d thing", "%(n)d things", 2) == "%(n)d things"


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def test_every_form_derives_from_the_portal_form():
    for module in pkgutil.walk_packages(eoffice.__path__, "eoffice."):
        importlib.import_module(module.name)
    ours = [form for form in _subclasses(wtforms.Form) if form.__module__.startswith("eoffice.")]
    assert len(ours) > 30
    strays = [f"{form.__module__}.{form.__qualname__}" for form in ours
              if not issubclass(form, forms.Form)]
    assert not strays, f"derive these from eoffice.forms.Form: {strays}"


def test_marked_messages_are_wtforms_own_strings():
    """A WTForms upgrade that rewords a message fails here, not as English in Hindi pages."""
    literals = set()
    for module in (wtforms.validators, choices, datetime, numeric, flask_wtf_file):
        literals.update(node.value for node in ast.walk(ast.parse(inspect.getsource(module)))
                        if isinstance(node, ast.Constant) and isinstance(node.value, str))
    marked = {text for message in form_messages.MESSAGES
              for text in (message if isinstance(message, tuple) else (message,))}
    assert len(marked) == 20
    assert not marked - literals
