"""Two people at once on one file: a note edit racing the send that finalises it, two
letters issued at the same moment in one office, two files linked each way at once,
two receipts put into one file at once."""
from sqlalchemy import func, select

from eoffice.dak.services import put_in_file
from eoffice.drafts import services as drafts
from eoffice.errors import NotAllowed, WorkflowError
from eoffice.extensions import db
from eoffice.models import CorrespondencePage, DraftLetter, EFile, FileLink, Note, Receipt
from eoffice.notes import links, services
from tests.factories import PASSWORD, make_file, make_org, make_receipt
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


def test_two_files_linked_each_way_at_once_get_one_link(shared_app):  # noqa: F811
    org = make_org()
    so = org["users"]["so.srinagar"]
    file_ids = [make_file(so, subject=f"File {n}").id for n in range(2)]
    numbers = [db.session.get(EFile, i).file_no for i in file_ids]
    db.session.commit()

    def link(index):
        links.link_files(user("so.srinagar"), db.session.get(EFile, file_ids[index]),
                         numbers[1 - index])
        return "linked"

    results = run_together(shared_app, 2, link)
    assert "linked" in results and any(isinstance(r, WorkflowError) for r in results), results
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(FileLink)) == 1


def test_receipts_put_in_a_file_at_once_get_their_own_pages(shared_app):  # noqa: F811
    org = make_org()
    so = org["users"]["so.srinagar"]
    receipt_ids = [make_receipt(so, subject=f"Letter {n}").id for n in range(2)]
    file_id = make_file(so).id
    db.session.commit()

    def put_in(index):
        put_in_file(user("so.srinagar"), db.session.get(Receipt, receipt_ids[index]),
                    db.session.get(EFile, file_id))
        return "filed"

    assert run_together(shared_app, 2, put_in) == ["filed", "filed"]
    db.session.expire_all()
    pages = db.session.execute(select(CorrespondencePage.page_no,
                                      CorrespondencePage.receipt_ordinal).where(
        CorrespondencePage.efile_id == file_id).order_by(CorrespondencePage.page_no)).all()
    assert [tuple(p) for p in pages] == [(1, 1), (2, 2)]
