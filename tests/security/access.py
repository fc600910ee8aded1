"""Shared by the access-matrix and IDOR tests: one signed-in client per role, the routes
under test, and URLs for every rule of the url_map filled with the objects under test."""
import io
import itertools

from werkzeug.datastructures import FileStorage

from eoffice.admin.lookups import SEARCHED
from eoffice.admin.routes import RETIRABLE
from eoffice.clock import today
from eoffice.dak.services import put_in_file
from eoffice.drafts import services as drafts
from eoffice.extensions import db
from eoffice.models import PostHolding, ScanPage
from eoffice.months import month_key, previous_month
from eoffice.movement import services as movement
from eoffice.notes.correspondence import page_of
from eoffice.notes.services import add_note
from eoffice.reporting.routes.problems import ACTIONS as PROBLEM_ACTIONS
from eoffice.reporting.services import problems, workshops
from eoffice.tokens.services import create_personal_token
from tests.conftest import csrf_from, login
from tests.factories import PASSWORD, PDF_BYTES, PNG_BYTES, make_file, make_receipt
from tests.reporting.factories import add_units, make_proposal

ROLES = {
    "anonymous": None,
    "it_admin": "admin",
    "ut_oversight": "cs.it",
    "district_head": "dc.srinagar",  # the objects are in Srinagar
    "other_district_head": "dc.jammu",
    "holder": "so.srinagar",
    "diarist": "cru.srinagar",
    "outsider": "tehsildar.khanyar",  # same district, another office, not on the trail
}
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
POST_HOLDERS = SIGNED_IN - {"it_admin"}  # the IT admin of the demo holds no post
TWO_FACTOR_ROLES = frozenset({"it_admin", "ut_oversight", "district_head", "other_district_head"})
VIEW_RECEIPT = frozenset({"holder", "diarist", "district_head", "ut_oversight"})
VIEW_FILE = frozenset({"holder", "district_head", "ut_oversight"})

# The JSON API authenticates each request with a bearer token: no cookie session, no CSRF
# token, JSON errors instead of pages. Its access rules (401 without a token on every
# route, 403 for service tokens, 404 for other districts' items, per-token rate limits)
# are tested in tests/api/ (test_auth.py, test_files.py, test_lists.py, test_receipts.py).
API_BLUEPRINT = "api"


def session_rules(app):
    """The url_map's rules for cookie-session pages (every rule but the JSON API's)."""
    return [rule for rule in app.url_map.iter_rules()
            if rule.endpoint.partition(".")[0] != API_BLUEPRINT]


class RoleClient:
    def __init__(self, app, role):
        self.role, self.username = role, ROLES[role]
        self.client = app.test_client()
        if self.username:
            assert login(self.client, self.username).status_code == 303, role
            page = "/password"
        else:
            page = "/login"
        self.token = csrf_from(self.client.get(page).get_data(as_text=True))

    def get(self, url):
        return self.client.get(url)

    def post(self, url, data, csrf=True):
        return self.client.post(url, data={**data, **({"csrf_token": self.token} if csrf else {})})


def sign_in_all(app):
    return {role: RoleClient(app, role) for role in ROLES}


def scanned_receipt(org, subject="Land record correction"):
    """Diarised by the diarist with a scan, sent to the section officer (unread)."""
    users = org["users"]
    receipt = make_receipt(users["cru.srinagar"], subject=subject,
                           uploads=[FileStorage(io.BytesIO(PNG_BYTES), "scan.png"),
                                    FileStorage(io.BytesIO(PDF_BYTES), "scan.pdf")])
    movement.send(users["cru.srinagar"], receipt, [org["posts"]["so"].id])
    db.session.commit()
    return receipt


def _read_as_if_by_ocr(attachment):
    """The scan read, with a searchable copy (here the stored PDF itself), so that the
    routes serving them answer."""
    scan = attachment.scan
    scan.status, scan.method, scan.page_count = "done", "ocr", 1
    scan.searchable_sha256 = attachment.sha256
    scan.pages = [ScanPage(page_no=1, text="Land record correction")]
    db.session.commit()


def draft_letter(user, efile, subject="Reply to the applicant", approve=False):
    """A draft letter in `efile` by the post holding it, approved by `user` if asked."""
    draft = drafts.create_draft(user, efile, subject, "<p>Sir, the matter is examined.</p>")
    if approve:
        drafts.approve_draft(user, draft, PASSWORD)
    db.session.commit()
    return draft


def _noting(org):
    """The section officer's file with a receipt in it (page 1), a draft note and a draft
    letter; the DC's file with an approved letter and an issued one."""
    so, dc = org["users"]["so.srinagar"], org["users"]["dc.srinagar"]
    efile = make_file(so)
    put_in_file(so, make_receipt(so, subject="Put in the file"), efile)
    note = add_note(so, efile, "<p>Put up for orders.</p>")
    draft = draft_letter(so, efile)
    dc_file = make_file(dc, subject="Letters for issue", head="GEN")
    approved = draft_letter(dc, dc_file, approve=True)
    issued = draft_letter(dc, dc_file, subject="Reply issued", approve=True)
    dispatch = drafts.issue_draft(dc, issued, "Ghulam Nabi, Khanyar", "post")
    db.session.commit()
    return {"files": efile, "note": note, "page": page_of(efile, 1), "draft": draft,
            "approved_draft": approved, "dispatch": dispatch}


def _reporting(org):
    """Srinagar's proposal, workshop and problem; Jammu gets a tehsil of its own too."""
    add_units(org)
    workshop = workshops.record_workshop(
        org["users"]["dc.srinagar"], org["units"]["khanyar"], held_on=today(), venue="Hall",
        trainer="DIO", participants=10, offices_covered="", topics="")
    problem = problems.raise_problem(org["users"]["so.srinagar"], org["offices"]["dc_sgr"],
                                     "hardware", "Modem stolen")
    db.session.commit()
    return {"proposal": make_proposal(org["units"]["srinagar"]),
            "workshop": workshop, "problem": problem, "district": org["units"]["srinagar"],
            "month": month_key(previous_month(today()))}


def _admin(org):
    tehsildar, office = org["users"]["tehsildar.khanyar"], org["offices"]["tehsil"]
    records = {"units": org["units"]["khanyar"], "departments": office.department,
               "offices": office, "sections": office.sections[0],
               "posts": org["posts"]["tehsildar"], "users": tehsildar}
    holding = db.session.query(PostHolding).filter_by(user_id=tehsildar.id).one()
    return {"records": records, "holding": holding}


def _session_of(user):
    from sqlalchemy import select

    from eoffice.auth.services import start_session
    from eoffice.models import UserSession

    start_session(user)
    db.session.flush()
    return db.session.scalars(select(UserSession).order_by(UserSession.id.desc())).first()


def objects_for(org):
    receipt = scanned_receipt(org)
    objects = {"receipts": receipt, "attachment": receipt.attachments[0]}
    _read_as_if_by_ocr(receipt.attachments[0])
    objects.update(_noting(org), **_reporting(org), **_admin(org))
    objects["token"], _raw = create_personal_token(org["users"]["so.srinagar"], "Scanner")
    objects["admin_token"], _raw = create_personal_token(objects["records"]["users"], "Scanner")
    objects["session"] = _session_of(org["users"]["so.srinagar"])
    db.session.commit()
    return objects


# Plain-string URL parts that a view checks against its own list: each choice is a case.
CHOICES = {
    "admin.lookup": {"kind": sorted(SEARCHED)},
    "admin.lifecycle": {"kind": sorted(RETIRABLE), "action": ["restore", "retire"]},
    "reporting.act_on_problem": {"action": sorted(PROBLEM_ACTIONS)},
}
# URL argument -> the object of `objects_for` whose id it takes
ARGUMENT_OBJECTS = {
    "attachment_id": "attachment", "note_id": "note", "draft_id": "draft",
    "dispatch_id": "dispatch", "token_id": "token", "problem_id": "problem",
    "proposal_id": "proposal", "workshop_id": "workshop", "holding_id": "holding",
    "session_id": "session",
}
ADMIN_RECORDS = {"unit_id": "units", "department_id": "departments", "office_id": "offices",
                 "section_id": "sections", "post_id": "posts", "user_id": "users"}
ENDPOINT_OBJECTS = {("drafts.issue", "draft_id"): "approved_draft",  # issued once approved
                    ("admin.user_token_revoke", "token_id"): "admin_token"}  # the user's own
ITEM_AREAS = {"dak": "receipts", "files": "files", "notes": "files", "drafts": "files"}


def choices(rule):
    """[(key, {argument: value})]: one per combination of the rule's any() parts and CHOICES."""
    options = {}
    for argument in sorted(rule.arguments, key=lambda name: rule.rule.index(f"{name}>")):
        converter = rule._converters[argument]
        if hasattr(converter, "items"):  # any(...)
            options[argument] = sorted(converter.items)
        elif argument in CHOICES.get(rule.endpoint, {}):
            options[argument] = CHOICES[rule.endpoint][argument]
    if not options:
        return [(rule.endpoint, {})]
    return [(f"{rule.endpoint}[{'/'.join(combination)}]", dict(zip(options, combination)))
            for combination in itertools.product(*options.values())]


def _value(rule, argument, chosen, objects):
    blueprint = rule.endpoint.partition(".")[0]
    if argument == "item_id":
        area = chosen.get("kind") or ITEM_AREAS.get(blueprint)
        return objects[area].id if area else None
    if argument == "record_id":
        return objects["records"][chosen["kind"]].id
    if argument in ADMIN_RECORDS:
        return objects["records"][ADMIN_RECORDS[argument]].id
    if blueprint == "dashboards":
        if argument == "table":
            return "figures"
        if argument == "code" and rule.endpoint.startswith("dashboards.office"):
            return "DC-SGR"
    name = ENDPOINT_OBJECTS.get((rule.endpoint, argument)) or ARGUMENT_OBJECTS.get(argument)
    if name:
        return objects[name].id
    return {"page_no": objects["page"].page_no, "code": objects["district"].code,
            "month": objects["month"], "table": "proposals", "filename": "app.css",
            "number": 1}.get(argument)


def variants(app, rule, objects, missing=None):
    """[(key, url)] for a rule: one per choice of its any() parts and CHOICES, ids from
    `objects`; with `missing`, that argument names an object that does not exist.

    Returns None when the rule takes an argument this helper does not know, so a new
    kind of route makes the tests say what to add here.
    """
    result = []
    for key, chosen in choices(rule):
        values = dict(chosen)
        for argument in rule.arguments - set(chosen):
            values[argument] = 999999 if argument == missing else _value(rule, argument, chosen,
                                                                        objects)
            if values[argument] is None:
                return None
        result.append((key, app.url_map.bind("localhost").build(rule.endpoint, values)))
    return result
