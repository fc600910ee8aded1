"""Access-matrix rows for the IT-admin area (/admin): every page and every action is the
IT admin's alone; for everyone else the area does not exist (404). Each action case
works on a fresh record, so that the one role allowed can really carry it out."""
from itertools import count

from eoffice.admin.lookups import SEARCHED
from eoffice.admin.routes import RETIRABLE
from eoffice.clock import today
from eoffice.extensions import db
from eoffice.models.office import DEFAULT_FILE_PATTERN
from eoffice.tokens.services import create_personal_token
from tests.factories import make_department, make_office, make_post, make_unit, make_user

ADMIN = frozenset({"it_admin"})
PAGES = ("index", "units", "unit_new", "unit_edit", "departments", "department_new",
         "department_edit", "offices", "office_new", "office_edit", "sections", "section_new",
         "section_edit", "posts", "post_new", "post_edit", "users", "user_new", "user_edit",
         "user_password", "user_unlock", "user_tokens", "user_token_revoke", "holdings",
         "holding_new", "holding_end")
GET_OK = {
    **{f"admin.{page}": ADMIN for page in PAGES},
    **{f"admin.lookup[{kind}]": ADMIN for kind in SEARCHED},
    **{f"admin.lifecycle[{kind}/{action}]": ADMIN for kind in RETIRABLE
       for action in ("retire", "restore")},
}

_serial = count(1)
NEW_PASSWORD = "a long and fresh passphrase"


def _code(prefix):
    return f"{prefix}-{next(_serial)}"


FRESH = {
    "units": lambda org: make_unit(_code("T"), "tehsil", org["units"]["srinagar"], "Test tehsil"),
    "departments": lambda org: make_department(_code("D"), "Test department"),
    "offices": lambda org: make_office(_code("O"), org["units"]["srinagar"], name="Test office"),
    "sections": lambda org: make_office(_code("O"), org["units"]["srinagar"]).sections[0],
    "posts": lambda org: make_post(org["offices"]["dc_sgr"], _code("Typist")),
    "users": lambda org: make_user(_code("user")),
}


def fresh(kind, org, active=True, **changes):
    """A new record of `kind` (an admin URL's kind) that nothing depends on."""
    record = FRESH[kind](org)
    record.active = active
    for name, value in changes.items():
        setattr(record, name, value)
    db.session.commit()
    return record


def new(path, data):
    """A case posting a new record's form: data() gives unique codes on every call."""
    return lambda org, user: (path, data())


def on(kind, path, data, **changes):
    """A case acting on a fresh record: `path` takes its id, `data(record)` the form."""
    def case(org, user):
        record = fresh(kind, org, **changes)
        return path.format(id=record.id), data(record)
    return case


def _holding(org):
    holding = make_user(_code("holder"), post=fresh("posts", org)).holdings[0]
    db.session.commit()
    return holding


def _token_of(user):
    token, _raw = create_personal_token(user, "Scanner")
    db.session.commit()
    return token.id


def _account(user):
    return {"name": "Renamed User", "employee_code": user.employee_code,
            "username": user.username, "language": "en", "roles": "official"}


OFFICE = {"name": "Test office", "department": "GAD", "org_unit": "SGR",
          "file_number_pattern": DEFAULT_FILE_PATTERN}
CASES = {
    "unit_new": new("/admin/units/new", lambda: {
        "code": _code("T"), "name": "New tehsil", "kind": "tehsil", "parent": "SGR"}),
    "unit_edit": on("units", "/admin/units/{id}", lambda unit: {
        "name": "Renamed tehsil", "kind": "tehsil", "parent": "SGR"}),
    "department_new": new("/admin/departments/new", lambda: {
        "code": _code("D"), "name": "New department"}),
    "department_edit": on("departments", "/admin/departments/{id}", lambda department: {
        "name": "Renamed department"}),
    "office_new": new("/admin/offices/new", lambda: {**OFFICE, "code": _code("O")}),
    "office_edit": on("offices", "/admin/offices/{id}", lambda office: {
        **OFFICE, "name": "Renamed office"}),
    "section_new": on("offices", "/admin/offices/{id}/sections/new", lambda office: {
        "code": _code("S"), "name": "New section"}),
    "section_edit": on("sections", "/admin/sections/{id}", lambda section: {
        "name": "Renamed section"}),
    "post_new": new("/admin/posts/new", lambda: {
        "designation": "Typist", "label": _code("Typist"), "office": "DC-SGR"}),
    "post_edit": on("posts", "/admin/posts/{id}", lambda post: {
        "designation": "Senior Typist", "label": post.label, "office": "DC-SGR"}),
    "user_new": new("/admin/users/new", lambda: {
        "name": "New User", "employee_code": _code("E"), "username": _code("new"),
        "language": "en", "roles": "official", "password": NEW_PASSWORD}),
    "user_edit": on("users", "/admin/users/{id}", _account),
    "user_password": on("users", "/admin/users/{id}/password", lambda user: {
        "password": NEW_PASSWORD}),
    "user_unlock": on("users", "/admin/users/{id}/unlock", lambda user: {"reason": "Called"},
                      failed_logins=5),
    "holding_new": lambda org, user: ("/admin/holdings/new", {
        "user": fresh("users", org).username, "post": str(fresh("posts", org).id),
        "kind": "regular", "starts_on": today().isoformat()}),
    "user_token_revoke": lambda org, user: (lambda owner: (
        f"/admin/users/{owner.id}/tokens/{_token_of(owner)}/revoke", {"reason": "Lost"}))(
            fresh("users", org)),
    "holding_end": lambda org, user: (lambda holding: (
        f"/admin/holdings/{holding.id}/end", {"ends_on": today().isoformat()}))(_holding(org)),
}
LIFECYCLE = {f"lifecycle[{kind}/{action}]": on(
    kind, f"/admin/{kind}/{{id}}/{action}", lambda record: {"reason": "Test"},
    active=action == "retire") for kind in RETIRABLE for action in ("retire", "restore")}

# endpoint -> (roles that carry it out, status they get, case(org, user) -> (url, form data))
POST_OK = {f"admin.{name}": (ADMIN, 303, case) for name, case in {**CASES, **LIFECYCLE}.items()}
