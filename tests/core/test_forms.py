"""The portal's select widget writes what WTForms' own writes, faster; every form takes
input only as a browser's form sends it; every page handles a sent form one way (submit)."""
import io
import re

from sqlalchemy import select
from wtforms import Form, StringField
from wtforms.validators import DataRequired
from wtforms.widgets import Select as WTFormsSelect

from eoffice.errors import Conflict, CountedFailure, DomainError, WorkflowError
from eoffice.extensions import db
from eoffice.forms import Form as BaseForm
from eoffice.forms import SelectField, submit
from eoffice.models import ApiToken, OrgUnit
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


class Named(BaseForm):
    class Meta:
        csrf = False

    name = StringField("Name", validators=[DataRequired()])


def _submitted(app, action, data=None, method="POST"):
    with app.test_request_context("/", method=method, data=data or {}):
        form = Named()
        sent = submit(form, action)
        return sent, form.name.errors


def _unit(code):
    return lambda: db.session.add(OrgUnit(code=code, name=code, kind="ut", path=f"/{code}/"))


def _codes():
    return db.session.scalars(select(OrgUnit.code).order_by(OrgUnit.code)).all()


def test_submit_shows_the_form_until_it_is_valid_and_then_commits_once(app):
    """Before it is sent 200, invalid 422 (the service is not called); valid: done, saved."""
    shown, _ = _submitted(app, _unit("NEVER"), method="GET")
    invalid, errors = _submitted(app, _unit("NEVER"), {"name": ""})
    assert (shown.done, shown.status, invalid.done, invalid.status) == (False, 200, False, 422)
    assert errors == ["This field is required."]
    done, _ = _submitted(app, lambda: _unit("KEPT")() or "result", {"name": "x"})
    assert (done.done, done.result, done.error) == (True, "result", None)
    db.session.rollback()  # nothing left unsaved to roll back: it was committed
    assert _codes() == ["KEPT"]


def test_a_refusal_stands_beside_the_field_it_names_and_saves_nothing(app):
    def refused(fields):
        def action():
            _unit("HALF")()
            db.session.flush()
            raise WorkflowError("Not this name.", fields)
        return action
    beside, errors = _submitted(app, refused({"name": "taken"}), {"name": "x"})
    assert (beside.done, beside.status, beside.error, errors) == (False, 422, None,
                                                                  ["Not this name."])
    above, errors = _submitted(app, refused({"elsewhere": "x"}), {"name": "x"})
    assert (above.status, above.error, errors) == (422, "Not this name.", [])
    assert _codes() == []


def test_a_counted_failure_is_kept_and_other_refusals_keep_their_status(app):
    def counted():
        _unit("COUNT")()
        raise CountedFailure("Wrong password.")
    sent, _ = _submitted(app, counted, {"name": "x"})
    assert (sent.done, sent.status, sent.error) == (False, 422, "Wrong password.")
    with app.test_request_context("/", method="POST", data={"name": "x"}):
        def conflict():
            raise Conflict("Moved meanwhile.")
        moved = submit(Named(), conflict, refusals=DomainError)
    assert (moved.status, moved.error) == (409, "Moved meanwhile.")
    db.session.rollback()
    assert _codes() == ["COUNT"]


def test_a_unique_key_taken_meanwhile_shows_the_form_again_with_409(app):
    _unit("SAME")()
    db.session.commit()
    sent, _ = _submitted(app, _unit("SAME"), {"name": "x"})
    assert (sent.done, sent.status) == (False, 409)
    assert "clashing record" in sent.error
    assert _codes() == ["SAME"]
