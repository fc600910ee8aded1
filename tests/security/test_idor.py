"""Object-level checks: an id in a URL or a form reaches an object only when the user
may see it (404 otherwise, the same as for an id that does not exist), and ids of
different objects cannot be mixed."""
import io

from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from eoffice.extensions import db
from eoffice.models import AuditEvent, Receipt
from tests.factories import PDF_BYTES, make_file, make_receipt
from tests.security.access import RoleClient, objects_for, scanned_receipt, variants

# Every route taking an object id, and the test below that covers its object checks.
ID_ROUTES = {
    "dak.attachment": "test_attachment_ids_cannot_be_mixed",
    "dak.edit": "test_unknown_and_unseen_ids_answer_the_same_404",
    "dak.put_in_file": "test_put_in_file_needs_a_file_the_user_holds",
    "dak.show": "test_unknown_and_unseen_ids_answer_the_same_404",
    "files.show": "test_unknown_and_unseen_ids_answer_the_same_404",
    "movement.close": "test_unknown_and_unseen_ids_answer_the_same_404",
    "movement.history": "test_unknown_and_unseen_ids_answer_the_same_404",
    "movement.park": "test_unknown_and_unseen_ids_answer_the_same_404",
    "movement.pull_back": "test_unknown_and_unseen_ids_answer_the_same_404",
    "movement.reopen": "test_unknown_and_unseen_ids_answer_the_same_404",
    "movement.send": "test_unknown_and_unseen_ids_answer_the_same_404",
    "movement.unpark": "test_unknown_and_unseen_ids_answer_the_same_404",
}


def _audit_count():
    return db.session.scalar(select(func.count()).select_from(AuditEvent))


def test_every_id_route_is_listed(app):
    taking_ids = {rule.endpoint for rule in app.url_map.iter_rules()
                  if any(arg.endswith("_id") for arg in rule.arguments)}
    assert taking_ids == set(ID_ROUTES), "list new id-taking routes in ID_ROUTES and test them"


def test_unknown_and_unseen_ids_answer_the_same_404(app, org):
    """An outsider learns nothing: the item of another district is as absent as id 999999."""
    objects = objects_for(org)
    outsider = RoleClient(app, "other_district_head")
    holder = RoleClient(app, "holder")
    before = _audit_count()
    for rule in app.url_map.iter_rules():
        if ID_ROUTES.get(rule.endpoint) != "test_unknown_and_unseen_ids_answer_the_same_404":
            continue
        for _key, url in variants(app, rule, objects):
            missing = url.replace(f"/{objects['files'].id}/", "/999999/").replace(
                f"/{objects['receipts'].id}/", "/999999/")
            missing = missing if missing != url else url.rsplit("/", 1)[0] + "/999999"
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                send = (lambda client, target: client.get(target)) if method == "GET" else \
                    (lambda client, target: client.post(target, {"version": 1, "reason": "x",
                                                                  "to_post": 1}))
                assert send(outsider, url).status_code == 404, (method, url)
                assert send(holder, missing).status_code == 404, (method, missing)
    assert _audit_count() == before


def test_attachment_ids_cannot_be_mixed(app, org):
    """An attachment is reached only through its own receipt."""
    visible = scanned_receipt(org, "Visible to the section officer")
    other = make_receipt(org["users"]["dc.jammu"], subject="Jammu's",
                         uploads=[FileStorage(io.BytesIO(PDF_BYTES + b"%j\n"), "j.pdf")])
    holder = RoleClient(app, "holder")
    own = f"/receipts/{visible.id}/attachments/{visible.attachments[0].id}"
    assert holder.get(own).status_code == 200
    mixed = f"/receipts/{visible.id}/attachments/{other.attachments[0].id}"
    assert holder.get(mixed).status_code == 404
    assert holder.get(f"/receipts/{other.id}/attachments/{other.attachments[0].id}").status_code == 404


def test_put_in_file_needs_a_file_the_user_holds(app, org):
    receipt = make_receipt(org["users"]["so.srinagar"])
    foreign = make_file(org["users"]["dc.jammu"], head="GEN")
    seen_not_held = make_file(org["users"]["adc.srinagar"], head="ACC")
    from eoffice.movement import services

    services.send(org["users"]["adc.srinagar"], seen_not_held, [org["posts"]["so"].id])
    services.pull_back(org["users"]["adc.srinagar"], seen_not_held)
    db.session.commit()  # on the section officer's trail, held by the ADC
    holder = RoleClient(app, "holder")
    before = _audit_count()
    url = f"/receipts/{receipt.id}/put-in-file"
    assert holder.post(url, {"efile_id": foreign.id, "version": receipt.version}).status_code == 404
    assert holder.post(url, {"efile_id": 999999, "version": receipt.version}).status_code == 404
    response = holder.post(url, {"efile_id": seen_not_held.id, "version": receipt.version})
    assert response.status_code == 422
    assert _audit_count() == before
    db.session.expire_all()
    assert db.session.get(Receipt, receipt.id).efile_id is None


def test_ids_in_query_strings_and_forms_are_checked(app, org):
    foreign = make_receipt(org["users"]["dc.jammu"], sender_name="Secret Sender of Jammu")
    holder = RoleClient(app, "holder")
    assert holder.get(f"/receipts/new?sender_from={foreign.id}").status_code == 404
    assert holder.get(f"/files/new?receipt={foreign.id}").status_code == 404
    before = _audit_count()
    response = holder.post("/files/new", {
        "as_post": org["posts"]["so"].id, "subject": "Grab", "category": "general", "head": "X",
        "section": 0, "form": "electronic", "grading": "normal", "priority": "normal",
        "receipts": [foreign.id]})
    assert response.status_code == 404 and _audit_count() == before
    response = holder.post("/receipts/new", {"as_post": org["posts"]["dc_jammu"].id,
                                             "subject": "As another post", "sender_name": "X",
                                             "received_on": "2026-01-06", "mode": "post",
                                             "category": "general", "grading": "normal",
                                             "form": "electronic"})
    assert response.status_code == 422 and _audit_count() == before
    inbox = holder.get(f"/inbox?post={org['posts']['dc_jammu'].id}").get_data(as_text=True)
    assert foreign.diary_no not in inbox


def test_restricted_gradings_stay_on_the_trail(app, org):
    secret = make_receipt(org["users"]["cru.srinagar"], grading="secret")
    for role in ("district_head", "ut_oversight", "holder"):
        assert RoleClient(app, role).get(f"/receipts/{secret.id}").status_code == 404, role
    assert RoleClient(app, "diarist").get(f"/receipts/{secret.id}").status_code == 200
