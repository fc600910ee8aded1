"""Object-level checks: an id in a URL or a form reaches an object only when the user
may see it (404 otherwise, the same as for an id that does not exist), and ids of
different objects cannot be mixed."""
import io

from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from eoffice.clock import today
from eoffice.extensions import db
from eoffice.models import ApiToken, AuditEvent, Note, OfficeReadiness, Receipt, Workshop
from eoffice.notes.services import add_note
from eoffice.reporting.services import workshops
from eoffice.tokens.services import create_personal_token
from tests.factories import PDF_BYTES, make_file, make_receipt
from tests.reporting.factories import add_units
from tests.security.access import RoleClient, objects_for, scanned_receipt, session_rules, variants

GENERIC = "test_unknown_and_unseen_ids_answer_the_same_404"
# Every route taking an object id (all of them run through the generic test), and the
# test below that covers its further object checks.
ID_ROUTES = {
    "dak.attachment": "test_attachment_ids_cannot_be_mixed",
    "dak.attachment_page": GENERIC,  # ids mixed: tests/notes/test_workspace.py
    "dak.scan_text": "test_attachment_ids_cannot_be_mixed",
    "dak.searchable": "test_attachment_ids_cannot_be_mixed",
    "dak.read_again": "test_attachment_ids_cannot_be_mixed",
    "dak.edit": GENERIC,
    "dak.put_in_file": "test_put_in_file_needs_a_file_the_user_holds",
    "dak.show": GENERIC,
    "files.show": GENERIC,
    "movement.close": GENERIC,
    "movement.history": GENERIC,
    "movement.park": GENERIC,
    "movement.pull_back": GENERIC,
    "movement.reopen": GENERIC,
    "movement.send": GENERIC,
    "movement.unpark": GENERIC,
    "notes.add": GENERIC,
    "notes.discard": "test_note_ids_cannot_be_mixed",
    "notes.edit": "test_note_ids_cannot_be_mixed",
    "notes.link": "test_links_reach_only_files_the_user_sees",
    "notes.page": GENERIC,
    "notes.print_file": GENERIC,
    "notes.letter": GENERIC,
    "drafts.new": GENERIC,
    "drafts.show": GENERIC,
    "drafts.edit": GENERIC,
    "drafts.compare": GENERIC,
    "drafts.approve": GENERIC,
    "drafts.issue": GENERIC,
    "drafts.letter": GENERIC,
    "letters.pdf": GENERIC,
    "letters.sign": GENERIC,
    "tokens.revoke": "test_tokens_are_revoked_only_by_their_owner",
    "auth.end_session": "test_sessions_are_ended_only_by_their_owner",
    **{f"reporting.{name}": GENERIC for name in (
        "show_proposal", "edit_proposal", "submit_proposal", "review_proposal",
        "edit_workshop", "show_problem", "act_on_problem")},
    "reporting.update_readiness": "test_reporting_forms_take_only_ids_of_the_users_district",
    **{f"admin.{name}": GENERIC for name in (
        "lifecycle", "unit_edit", "department_edit", "office_edit", "sections", "section_new",
        "section_edit", "post_edit", "user_edit", "user_password", "user_unlock",
        "user_tokens", "user_token_revoke", "holding_end")},
}
INSIDERS = {"admin": "it_admin"}  # who passes every check but the id's (else the holder)


def _audit_count():
    return db.session.scalar(select(func.count()).select_from(AuditEvent))


def _id_arguments(rule):
    return sorted((arg for arg in rule.arguments if arg.endswith("_id")),
                  key=lambda name: rule.rule.index(f"{name}>"))


def test_every_id_route_is_listed(app):
    taking_ids = {rule.endpoint for rule in session_rules(app) if _id_arguments(rule)}
    assert taking_ids == set(ID_ROUTES), "list new id-taking routes in ID_ROUTES and test them"
    assert set(ID_ROUTES.values()) <= set(globals()), "ID_ROUTES names a test that is not here"


def test_unknown_and_unseen_ids_answer_the_same_404(app, org):
    """An outsider learns nothing: the item of another district is as absent as id 999999,
    for the one who may reach everything else on the way."""
    objects = objects_for(org)
    outsider = RoleClient(app, "other_district_head")
    insiders = {role: RoleClient(app, role) for role in ("holder", *INSIDERS.values())}
    before = _audit_count()
    checked = set()
    for rule in session_rules(app):
        if rule.endpoint not in ID_ROUTES:
            continue
        insider = insiders[INSIDERS.get(rule.endpoint.partition(".")[0], "holder")]
        unknown = dict(variants(app, rule, objects, missing=_id_arguments(rule)[-1]))
        for key, url in variants(app, rule, objects):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                send = (lambda client, target: client.get(target)) if method == "GET" else \
                    (lambda client, target: client.post(target, {"version": 1, "reason": "x",
                                                                  "to_post": 1}))
                assert send(outsider, url).status_code == 404, (method, url)
                assert send(insider, unknown[key]).status_code == 404, (method, unknown[key])
            checked.add(rule.endpoint)
    assert checked == set(ID_ROUTES)
    assert _audit_count() == before


def test_attachment_ids_cannot_be_mixed(app, org):
    """An attachment is reached only through its own receipt."""
    visible = scanned_receipt(org, "Visible to the section officer")
    other = make_receipt(org["users"]["dc.jammu"], subject="Jammu's",
                         uploads=[FileStorage(io.BytesIO(PDF_BYTES + b"%j\n"), "j.pdf")])
    holder = RoleClient(app, "holder")
    own = f"/receipts/{visible.id}/attachments/{visible.attachments[0].id}"
    mixed = f"/receipts/{visible.id}/attachments/{other.attachments[0].id}"
    for part in ("", "/text"):  # the scan, the words read from it
        assert holder.get(own + part).status_code == 200
    for part in ("", "/text", "/searchable"):
        assert holder.get(mixed + part).status_code == 404
    before = _audit_count()
    assert holder.post(mixed + "/read-again", {}).status_code == 404
    assert _audit_count() == before
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


def test_note_ids_cannot_be_mixed(app, org):
    """A note is reached only through its own file, even when the user may see both files."""
    so = org["users"]["so.srinagar"]
    first, second = make_file(so, subject="First"), make_file(so, subject="Second")
    add_note(so, first, "<p>In the first file.</p>")
    other = add_note(so, second, "<p>In the second file.</p>")
    db.session.commit()
    holder = RoleClient(app, "holder")
    before = _audit_count()
    mixed = f"/files/{first.id}/notes/{other.id}"
    assert holder.get(f"{mixed}/edit").status_code == 404
    assert holder.post(f"{mixed}/edit", {"body": "<p>Overwritten.</p>"}).status_code == 404
    assert holder.post(f"{mixed}/discard", {}).status_code == 404
    assert holder.get(f"/files/{second.id}/notes/{other.id}/edit").status_code == 200
    assert _audit_count() == before
    db.session.expire_all()
    assert db.session.get(Note, other.id).body_html == "<p>In the second file.</p>"


def test_links_reach_only_files_the_user_sees(app, org):
    """A file number from another district reads as one that does not exist."""
    own = make_file(org["users"]["so.srinagar"])
    foreign = make_file(org["users"]["dc.jammu"], subject="Jammu's own", head="GEN")
    holder = RoleClient(app, "holder")
    before = _audit_count()
    answers = [holder.post(f"/files/{own.id}/links", {"file_no": number})
               for number in (foreign.file_no, "NO/SUCH/FILE")]
    assert [a.status_code for a in answers] == [422, 422]
    assert all("There is no file with this number that you may see." in a.get_data(as_text=True)
               for a in answers)
    assert foreign.file_no not in holder.get(f"/files/{own.id}").get_data(as_text=True)
    assert _audit_count() == before


def test_tokens_are_revoked_only_by_their_owner(app, org):
    token, raw = create_personal_token(org["users"]["so.srinagar"], "Scanner")
    db.session.commit()
    for role in ("district_head", "diarist", "it_admin"):  # same office, above, IT
        other = RoleClient(app, role)
        assert other.post(f"/tokens/{token.id}/revoke", {}).status_code == 404, role
        assert token.prefix not in other.get("/tokens").get_data(as_text=True), role
    api = app.test_client()
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).revoked_at is None
    assert RoleClient(app, "holder").post(f"/tokens/{token.id}/revoke", {}).status_code == 303
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_sessions_are_ended_only_by_their_owner(app, org):
    from eoffice.auth.services import start_session
    from eoffice.models import UserSession

    start_session(org["users"]["so.srinagar"])
    db.session.commit()
    row = db.session.scalars(select(UserSession).order_by(UserSession.id.desc())).first()
    for role in ("district_head", "diarist", "it_admin"):
        assert RoleClient(app, role).post(f"/account/sessions/{row.id}/end", {}).status_code \
            == 404, role
    db.session.expire_all()
    assert db.session.get(UserSession, row.id).ended_at is None
    assert RoleClient(app, "holder").post(f"/account/sessions/{row.id}/end", {}).status_code == 303
    db.session.expire_all()
    assert db.session.get(UserSession, row.id).ended_at is not None


def test_reporting_forms_take_only_ids_of_the_users_district(app, org):
    """Ids of another district's offices, units and district in a form are refused."""
    units = add_units(org)
    jammu_workshop = workshops.record_workshop(
        org["users"]["dc.jammu"], units["jammu_north"], held_on=today(), venue="Hall",
        trainer="DIO", participants=8, offices_covered="", topics="")
    db.session.commit()
    jammu = RoleClient(app, "other_district_head")
    srinagar_office = org["offices"]["dc_sgr"]
    before = _audit_count()
    assert jammu.post(f"/reports/readiness/offices/{srinagar_office.id}", {
        "computers": 1, "scanners": 1, "bandwidth_mbps": 1, "vpn_accounts": 1,
        "signing_tokens": 1, "staff_trained": 1}).status_code == 404
    assert jammu.post("/reports/problems/new", {
        "office_id": srinagar_office.id, "category": "vpn", "summary": "x"}).status_code == 422
    assert jammu.post("/reports/proposals/new", {
        "district_id": org["units"]["srinagar"].id, "service_name": "x", "citizen_gets": "x",
        "department_id": srinagar_office.department_id, "expected_applications": 1,
        "delivery_days": 1, "fee_rupees": 0}).status_code == 422
    workshop = {"held_on": today().isoformat(), "venue": "v", "trainer": "t", "participants": 5}
    assert jammu.post(f"/reports/workshops/{jammu_workshop.id}/edit", {
        **workshop, "org_unit_id": org["units"]["khanyar"].id}).status_code == 422
    assert _audit_count() == before
    assert db.session.scalar(select(func.count()).select_from(OfficeReadiness)) == 0
    db.session.expire_all()
    assert db.session.get(Workshop, jammu_workshop.id).org_unit_id == units["jammu_north"].id
