"""Bad input on every route: a clear page (or a JSON error under /api/) and nothing
changed; never a 500, never a half-written record.

Every rule of the url_map is filled with real objects as in the access matrix
(access.py) and used as one role allowed to use it. Pages get malformed values in each
query argument their view reads (recorded while it runs, see malformed.py), with and
without HX-Request; forms get them in each field in turn, the other fields valid; the
JSON API gets wrong types, missing and unknown fields, NUL bytes, huge numbers and
bodies that are not JSON objects. A refusal (4xx) must leave every table as it was.
A value that only the database refuses (the last-line 400 in errors.py) counts as a
failure too: the form or the parse in front of it should have said what was wrong.
"""
from datetime import timedelta
from itertools import count

import pytest
from sqlalchemy import update

from eoffice.clock import today
from eoffice.extensions import db
from eoffice.letters.services import make_pdf
from eoffice.models import User
from tests.api.conftest import personal_token
from tests.reporting.factories import add_units
from tests.security import letter_cases
from tests.security.access import (
    API_BLUEPRINT,
    RoleClient,
    choices,
    objects_for,
    session_rules,
    sign_in_all,
    variants,
)
from tests.security.api_cases import API_GETS, API_POSTS
from tests.security.malformed import (
    JSON_VALUES,
    MISSING,
    VALUES,
    Recorder,
    body_paths,
    changes,
    field_values,
    raw_bodies,
    shown,
    snapshot,
    value_for_request,
    with_value,
)
from tests.security.test_access_matrix import GET_OK, POST_OK

PREFERRED = ("holder", "district_head", "ut_oversight", "it_admin", "diarist", "outsider",
             "other_district_head", "anonymous")
# routes that answer no role with 200 (they redirect): used as the role that gets furthest
GET_AS = {"inbox.home": "holder", "auth.login_code": "anonymous",
          "dashboards.targets_home": "it_admin",
          "letters.pdf": "district_head",  # the sample letter, rendered: its file's holder
          "letters.verify": "anonymous"}  # the public page that checks a letter
# pages that must answer their plain request with 200, so that the sweep reaches the view
# rather than a 404 in front of it (the access matrix's sample letter is never final)
MUST_ANSWER = {"letters.pdf", "letters.verify"}
# query arguments asked for on some pages, whether or not the view reads them
QUERY_NAMES = (
    "page", "per_page", "q", "post", "office", "department", "dept", "district", "unit",
    "object_id", "object_type", "before", "v", "a", "b", "receipt", "sender_from",
    "date_from", "date_to", "month", "status", "category", "kind", "filter", "sort", "dir",
    "period", "from", "to", "view", "read", "form", "priority", "overdue", "print", "mode",
    "user", "action", "field", "grading", "role", "within", "multiple")
HTMX = {"HX-Request": "true"}


def _context(name):
    """Valid arguments beside `name` that make the view read it (a custom period reads
    its dates, a search its page)."""
    day = today()
    return {"from": {"period": "custom", "to": day.isoformat()},
            "to": {"period": "custom", "from": (day - timedelta(days=7)).isoformat()},
            "page": {"q": "land"}, "date_to": {"date_from": "2026-01-01"}}.get(name, {})


def _all_contexts():
    return {k: v for name in ("from", "to", "page", "date_to") for k, v in _context(name).items()}


def _role(roles):
    roles = roles[0] if isinstance(roles, tuple) else roles
    return next(role for role in PREFERRED if role in roles)


@pytest.fixture
def recorder(app, monkeypatch):
    recorder = Recorder(app, monkeypatch)
    yield recorder
    recorder.close()


class Sweep:
    """Sends requests, and notes every answer that breaks the rule."""

    def __init__(self, recorder):
        self.recorder, self.failures, self.sent = recorder, [], 0

    def send(self, what, request):
        """request() -> response; None when it raised (noted as a failure)."""
        self.recorder.start()
        self.sent += 1
        try:
            response = request()
        except Exception as error:  # noqa: BLE001 - the report names it
            self.failures.append(f"{what}: raised {type(error).__name__}: {error}")
            return None
        if response.status_code >= 500:
            self.failures.append(f"{what}: {response.status_code}, "
                                 f"{self.recorder.problem(response)}")
        elif self.recorder.database_refused():
            self.failures.append(f"{what}: {response.status_code}, only the database refused "
                                 f"it ({self.recorder.problem(response)})")
        return response



def _report(failures, sent):
    return f"{len(failures)} of {sent} requests broke the rule:\n" + "\n".join(failures)


def _get_queries(names):
    """(description, query, htmx) for a page whose view reads `names`."""
    everything = sorted(set(names) | set(QUERY_NAMES))
    for index, (label, value) in enumerate(VALUES.items()):
        yield (f"QUERY_NAMES and {','.join(sorted(names)) or 'no argument read'} = "
               f"{shown(value)}", {name: value for name in everything}, index % 2 == 1)
    for turn, name in enumerate(sorted(names)):
        for index, value in enumerate(VALUES.values()):
            yield f"{name}={shown(value)}", {**_context(name), name: value}, \
                (turn + index) % 2 == 1


def _final_sample_letter(objects):
    """The access matrix's issued letter, rendered (its office signs without
    certificates, so it is final at once): its PDF and public page answer."""
    dispatch = objects["dispatch"]
    make_pdf(dispatch, dispatch.document)
    db.session.commit()
    assert dispatch.document.is_final
    return {"letters.verify": f"/v/{dispatch.document.verify_code}"}


@pytest.mark.slow
def test_pages_answer_malformed_query_strings(app, org, recorder):
    objects = objects_for(org)
    urls = _final_sample_letter(objects)
    clients = sign_in_all(app)
    sweep, missing = Sweep(recorder), []
    for rule in session_rules(app):
        if "GET" not in rule.methods:
            continue
        for key, url in variants(app, rule, objects) or [(rule.endpoint, None)]:
            if url is None or key not in GET_OK:
                missing.append(key)  # test_access_matrix.py says what to add
                continue
            url = urls.get(key, url)
            role = GET_AS.get(key) or _role(GET_OK[key])
            client = clients[role].client
            names = set()
            for query in ({}, _all_contexts()):
                response = sweep.send(f"GET {url} as {role}, {query}",
                                      lambda: client.get(url, query_string=query))
                if key in MUST_ANSWER and response is not None and response.status_code != 200:
                    sweep.failures.append(f"GET {url} as {role}: {response.status_code}; "
                                          "the sweep must reach the view")
                names |= recorder.names_read()
            for what, query, htmx in _get_queries(names):
                sweep.send(f"GET {url} as {role}, {what}{' (htmx)' if htmx else ''}",
                           lambda: client.get(url, query_string=query,
                                              headers=HTMX if htmx else {}))
    assert not missing, f"add these routes to the access matrix's GET_OK: {missing}"
    assert not sweep.failures, _report(sweep.failures, sweep.sent)


# The sign-in routes, left out of the access matrix (tests/auth has their rules): an
# unknown user name, so that garbage never locks a real account out.
AUTH_CASES = {
    "auth.login": ("anonymous", 422, lambda org, user: (
        "/login", {"username": "nobody.here", "password": "not the password"})),
    "auth.login_code": ("anonymous", 303, lambda org, user: ("/login/code", {"code": "123456"})),
    "auth.logout": ("signing_out", 303, lambda org, user: ("/logout", {})),
    "auth.set_language": ("holder", 303, lambda org, user: ("/language", {"language": "en"})),
}
# a refused sign-in is recorded by design (audit log, lockout count); so is a wrong
# password (or code) asked again of a signed-in user: changing the password or the second
# factor, making a token, signing an approval (a sweep's wrong passwords lock the account,
# so its later cases are refused, and recorded, whatever they send)
RECORDED_REFUSALS = {"auth.login": {"audit_event"},
                     **{endpoint: {"audit_event", "user_account"} for endpoint in (
                         "auth.change_password", "auth.two_factor_page", "tokens.index",
                         "drafts.approve", "api.approve_draft")}}
CSRF_VALUES = {name: VALUES[name] for name in ("nul", "long", "huge", "repeated")}


def _json_bodies(data):
    """Bodies a page's form never sends: JSON (the CSRF token in its header)."""
    fields = {name: value for name, value in data.items() if not callable(value)}
    return {"the form as JSON": fields, "a JSON list": [fields, 1],
            "JSON numbers and lists": {name: [10**30, {"a": None}] for name in fields},
            "a JSON string": "abc"}


def _unlock_everyone():
    """Refused passwords count toward the lockout (eoffice/auth/lockout.py): each route's
    sweep starts with no account held back by the sweeps of the routes before it."""
    db.session.execute(update(User).values(failed_logins=0, locked_until=None))
    db.session.commit()


def _post_case(key):
    if key in AUTH_CASES:
        return AUTH_CASES[key]
    if key in letter_cases.FORM_CASES:
        return letter_cases.FORM_CASES[key]
    if key not in POST_OK:
        return None
    roles, status, case = POST_OK[key]
    return _role(roles), status, case


class FormSweep(Sweep):
    """Posts a route's form again and again, one field wrong at a time; a refusal must
    leave every table as it was, and an accepted change gets a fresh object."""

    def __init__(self, recorder, org, client, user, key, case):
        super().__init__(recorder)
        self.org, self.client, self.user, self.key, self.case = org, client, user, key, case
        self.fresh()

    def fresh(self):
        self.url, self.data = self.case(self.org, self.user)
        self.before = snapshot()

    def post(self, what, data=None, htmx=False, json=None):
        what = f"POST {self.url} as {self.client.role}, {what}{' (htmx)' if htmx else ''}"
        if json is None:
            response = self.send(what, lambda: self.client.client.post(
                self.url, headers=HTMX if htmx else {},
                data={name: value_for_request(value) for name, value in data.items()}))
        else:
            response = self.send(what, lambda: self.client.client.post(
                self.url, json=json, headers={"X-CSRFToken": self.client.token}))
        after = snapshot()
        changed = changes(self.before, after)
        self.before = after
        if response is None:
            return None
        if 400 <= response.status_code < 500:
            changed = [name for name in changed
                       if name not in RECORDED_REFUSALS.get(self.key, ())]
            if changed:
                self.failures.append(f"{what}: {response.status_code} yet changed {changed}")
        elif changed:
            self.fresh()  # the object may have moved on: the next value gets a new one
        return response


@pytest.mark.slow
def test_forms_refuse_malformed_fields(app, org, recorder, letter_signer):
    add_units(org)  # Jammu gets a tehsil for its own workshops
    clients = sign_in_all(app)
    clients["signing_out"] = RoleClient(app, "outsider")
    users = {role: org["users"][c.username] if c.username else None
             for role, c in clients.items()}
    failures, sent, turns, missing = [], 0, count(), []
    for rule in session_rules(app):
        if "POST" not in rule.methods:
            continue
        for key, _chosen in choices(rule):
            _unlock_everyone()
            if _post_case(key) is None:
                missing.append(key)  # test_access_matrix.py says what to add
                continue
            role, status, case = _post_case(key)
            sweep = FormSweep(recorder, org, clients[role], users[role], key, case)
            token = clients[role].token
            valid = {**sweep.data, "csrf_token": token}
            response = sweep.post("the valid form", valid)
            if response is not None and response.status_code != status:
                sweep.failures.append(f"POST {sweep.url} as {role}: the valid form answered "
                                      f"{response.status_code}, not {status}; fix the case")
            kinds = {name: "text" for name in sweep.data} | recorder.fields()
            for index, (name, kind) in enumerate(sorted(kinds.items())):
                for number, value in enumerate(field_values(kind, next(turns)).values()):
                    sweep.post(f"{name}={shown(value)}",
                               {**sweep.data, "csrf_token": token, name: value},
                               htmx=(index + number) % 2 == 1)
            for name, values in letter_cases.extra_values(key, sweep.url, app).items():
                for label, value in values.items():
                    sweep.post(f"{name}: {label}", {**sweep.data, "csrf_token": token,
                                                     name: value})
            for label, value in CSRF_VALUES.items():
                sweep.post(f"csrf_token={shown(value)}", {**sweep.data, "csrf_token": value})
            for what, body in _json_bodies(sweep.data).items():
                sweep.post(what, json=body)
            failures += sweep.failures
            sent += sweep.sent
    assert not missing, f"add these routes to the access matrix's POST_OK: {missing}"
    assert not failures, _report(failures, sent)


BAD_AUTHORIZATION = {
    "without a token": {}, "with a NUL in the token": {"Authorization": "Bearer a\x00b"},
    "with a token of 5,000 characters": {"Authorization": "Bearer " + "x" * 5000},
    "with a password instead": {"Authorization": "Basic YWRtaW46YWRtaW4="}}


class ApiSweep(Sweep):
    """Requests with a bearer token: every 4xx must be a JSON error and change nothing."""

    def __init__(self, recorder, client, user, org, case):
        super().__init__(recorder)
        self.client, self.user, self.org, self.case = client, user, org, case
        self.recorded = set()  # tables a refusal may change by design (RECORDED_REFUSALS)
        self.token = personal_token(user)
        self.fresh()

    def fresh(self):
        self.url, self.valid = self.case(self.org)
        self.before = snapshot()

    def call(self, what, method="POST", headers=None, **kwargs):
        if headers is None:
            what = f"with {self.user}'s token, {what}"
            headers = {"Authorization": f"Bearer {self.token}"}
        what = f"{method} {self.url} {what}"
        response = self.send(what, lambda: self.client.open(
            self.url, method=method, headers=headers, **kwargs))
        after = snapshot()
        changed, self.before = changes(self.before, after), after
        if response is None:
            return
        if 400 <= response.status_code < 500:
            error = (response.get_json(silent=True) or {}).get("error") \
                if response.is_json else None
            if not (isinstance(error, dict) and isinstance(error.get("code"), str)
                    and isinstance(error.get("message"), str)):
                self.failures.append(f"{what}: {response.status_code} without a JSON error: "
                                     f"{response.get_data(as_text=True)[:120]!r}")
            changed = [name for name in changed if name not in self.recorded]
            if changed:
                self.failures.append(f"{what}: {response.status_code} yet changed {changed}")
        elif changed and method == "POST":
            self.fresh()
        return response

    def valid_call(self, what, method="POST", **kwargs):
        """The valid request must succeed, or the sweep would only spoil a refusal."""
        response = self.call(what, method, **kwargs)
        if response is not None and response.status_code >= 300:
            self.failures.append(f"{method} {self.url} {what}: {response.status_code}, "
                                 f"not a success; fix the case "
                                 f"{response.get_data(as_text=True)[:200]!r}")


def _api_post_sweep(sweep):
    sweep.valid_call("the valid body", json=sweep.valid)
    for path in list(body_paths(sweep.valid)):
        name = ".".join(map(str, path))
        for label, value in {**JSON_VALUES, "missing": MISSING}.items():
            sweep.call(f"{name}={shown(value)}", json=with_value(sweep.valid, path, value))
    sweep.call("an unknown field", json={**sweep.valid, "owner_id": 1})
    for what, (content_type, raw) in raw_bodies(sweep.valid).items():
        sweep.call(what, data=raw, content_type=content_type)


def _api_get_sweep(sweep):
    sweep.valid_call("a valid query", "GET", query_string=sweep.valid)
    names = sweep.recorder.names_read() | {"page", "per_page"}
    for name in sorted(names):
        for label, value in VALUES.items():
            sweep.call(f"{name}={shown(value)}", "GET",
                       query_string={**sweep.valid, name: value})


@pytest.mark.slow
def test_api_answers_malformed_requests_with_json_errors(app, client, org, recorder,
                                                        letter_signer):
    failures, sent, missing = [], 0, []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.partition(".")[0] != API_BLUEPRINT:
            continue
        for key, _chosen in choices(rule):
            posting = "POST" in rule.methods
            cases = ({**API_POSTS, **letter_cases.API_POSTS} if posting
                     else {**API_GETS, **letter_cases.API_GETS})
            if key not in cases:
                missing.append(key)
                continue
            username, case = cases[key]
            sweep = ApiSweep(recorder, client, username, org, case)
            sweep.recorded = RECORDED_REFUSALS.get(key, set())
            (_api_post_sweep if posting else _api_get_sweep)(sweep)
            for name, values in letter_cases.api_extra_values(key).items():
                for label, value in values.items():
                    sweep.call(f"{name}: {label}", json={**sweep.valid, name: value})
            for what, headers in BAD_AUTHORIZATION.items():
                sweep.call(what, "POST" if posting else "GET", headers=headers,
                           json=sweep.valid if posting else None)
            failures += sweep.failures
            sent += sweep.sent
    assert not missing, f"add these routes to api_cases.py: {missing}"
    assert not failures, _report(failures, sent)
