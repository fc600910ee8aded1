"""Shared by the access-matrix and IDOR tests: one signed-in client per role, and URLs
for every rule of the url_map filled with the objects under test."""
import io

from werkzeug.datastructures import FileStorage

from tests.conftest import csrf_from, login
from tests.factories import PDF_BYTES, make_file, make_receipt

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
    from eoffice.movement import services

    users = org["users"]
    receipt = make_receipt(users["cru.srinagar"], subject=subject,
                           uploads=[FileStorage(io.BytesIO(PDF_BYTES), "scan.pdf")])
    services.send(users["cru.srinagar"], receipt, [org["posts"]["so"].id])
    from eoffice.extensions import db

    db.session.commit()
    return receipt


def objects_for(org):
    receipt = scanned_receipt(org)
    efile = make_file(org["users"]["so.srinagar"])
    return {"receipts": receipt, "files": efile, "attachment": receipt.attachments[0]}


def variants(app, rule, objects):
    """[(key, url)] for a rule: one per choice of an any() part, ids from `objects`.

    Returns None when the rule takes an argument this helper does not know, so a new
    kind of route makes the tests say what to add here.
    """
    kinds = sorted(rule._converters["kind"].items) if "kind" in rule.arguments else [None]
    result = []
    for kind in kinds:
        values = {}
        for argument in rule.arguments:
            if argument == "kind":
                values["kind"] = kind
            elif argument == "item_id":
                area = kind or {"dak": "receipts", "files": "files"}.get(rule.endpoint.split(".")[0])
                if area is None:
                    return None
                values["item_id"] = objects[area].id
            elif argument == "attachment_id":
                values["attachment_id"] = objects["attachment"].id
            elif argument == "filename":
                values["filename"] = "app.css"
            else:
                return None
        key = f"{rule.endpoint}[{kind}]" if kind else rule.endpoint
        result.append((key, app.url_map.bind("localhost").build(rule.endpoint, values)))
    return result
