"""Two people at once on one file: a note edit racing the send that finalises it, and
two letters issued at the same moment in one office."""
from sqlalchemy import select

from eoffice.drafts import services as drafts
from eoffice.errors import NotAllowed
from eoffice.extensions import db
from eoffice.models import CorrespondencePage, DraftLetter, EFile, Note
from eoffice.notes import services
from tests.factories import PASSWORD, make_file, make_org
from tests.movement.test_concurrency import run_together, user


def test_an_edit_racing_the_send_never_changes_a_final_note(shared_app):  # noqa: F811
    org = make_org()
    efile = make_file(org["users"]["so.srinagar"])
    note = services.add_note(org["users"]["so.srinagar"], efile, "As written")
    file_id, note_id, adc_post = efile.id, note.id, org["posts"]["adc"].id
    db.session.commit()  # and no more reads here: on SQLite they would hold the write lock

    def work(index):
        so = user("so.srinagar")
        if index == 0:
            services.sign_and_send(so, db.session.get(EFile, file_id), PASSWORD,
                                   to_post_ids=[adc_post])
            return "sent"
        services.update_note(so, db.session.get(Note, note_id), "Changed at the last moment")
        return "edited"

    results = run_together(shared_app, 2, work)
    assert "sent" in results, results
    assert all(r in ("sent", "edited") or isinstance(r, NotAllowed) for r in results), results
    db.session.expire_all()
    final = db.session.get(Note, note_id)
    assert final.status == "final"
    expected = "<p>Changed at the last moment</p>" if "edited" in results else "<p>As written</p>"
    assert final.body_html == expected
    assert services.verify_note_chain(db.session.get(EFile, file_id)) == []


def test_letters_issued_at_once_get_consecutive_dispatch_numbers(shared_app):  # noqa: F811
    org = make_org()
    adc = org["users"]["adc.srinagar"]
    efile = make_file(adc, head="DSP")
    draft_ids = []
    for n in range(3):
        draft = drafts.create_draft(adc, efile, f"Letter {n}", "Text")
        drafts.approve_draft(adc, draft, PASSWORD)
        draft_ids.append(draft.id)
    db.session.commit()  # and no more reads here: on SQLite they would hold the write lock

    def issue(index):
        letter = drafts.issue_draft(user("adc.srinagar"), db.session.get(DraftLetter,
                                                                         draft_ids[index]),
                                    "Recipient", "post")
        return letter.serial

    results = run_together(shared_app, 3, issue)
    assert sorted(results) == [1, 2, 3], results
    db.session.expire_all()
    pages = db.session.scalars(select(CorrespondencePage.page_no).where(
        CorrespondencePage.efile_id == efile.id).order_by(CorrespondencePage.page_no)).all()
    assert pages == [1, 2, 3]
