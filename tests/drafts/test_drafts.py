"""Drafts for approval: versions, approval with a signature, issue, dispatch register."""
from datetime import datetime

import pytest
from sqlalchemy import select

from eoffice import policy
from eoffice.clock import travel_to
from eoffice.drafts import services
from eoffice.errors import Conflict, NotAllowed, WorkflowError
from eoffice.extensions import db
from eoffice.models import CorrespondencePage, Dispatch, DraftLetter
from eoffice.movement import services as movement
from tests.factories import PASSWORD, make_file
from tests.notes.test_pages import post_form, signed_in


def approved_draft(org, subject="Reply to the applicant", efile=None):
    """A draft made by the SO, sent to the ADC and approved there (file stays with the ADC)."""
    users, posts = org["users"], org["posts"]
    so, adc = users["so.srinagar"], users["adc.srinagar"]
    efile = efile or make_file(so)
    if efile.holder_post_id != posts["adc"].id:
        draft = services.create_draft(so, efile, subject, "<p>Sir, the matter is examined.</p>")
        movement.send(so, efile, [posts["adc"].id])
    else:
        draft = services.create_draft(adc, efile, subject, "<p>Sir, the matter is examined.</p>")
    services.approve_draft(adc, draft, PASSWORD)
    db.session.commit()
    return draft


def test_draft_two_versions_approval_and_issue_through_the_pages(app, org):
    users, posts = org["users"], org["posts"]
    efile = make_file(users["so.srinagar"], subject="Land record correction")
    so = signed_in(app, "so.srinagar")
    response = post_form(so, f"/files/{efile.id}/drafts/new", f"/files/{efile.id}/drafts/new", {
        "subject": "Correction of land record",
        "body": "<p>Sir, your request is under examination.</p>"})
    assert response.status_code == 303
    draft = db.session.scalar(select(DraftLetter))
    movement.send(users["so.srinagar"], efile, [posts["adc"].id])
    db.session.commit()

    adc = signed_in(app, "adc.srinagar")
    edit = f"/drafts/{draft.id}/edit"
    assert post_form(adc, edit, edit, {
        "subject": "Correction of land record", "based_on": 1,
        "body": "<p>Sir, your request has been <b>accepted</b>.</p>"}).status_code == 303
    db.session.refresh(draft)
    assert [v.number for v in draft.versions] == [1, 2]
    assert draft.versions[1].author_id == users["adc.srinagar"].id
    compared = adc.get(f"/drafts/{draft.id}/compare?a=1&b=2").get_data(as_text=True)
    assert "<del>is under examination.</del>" in compared
    assert "<ins>has been accepted.</ins>" in compared
    stale = post_form(adc, edit, edit, {"subject": "X", "based_on": 1, "body": "Older base"})
    assert stale.status_code == 409 and "version 2" in stale.get_data(as_text=True)

    wrong = post_form(adc, f"/drafts/{draft.id}", f"/drafts/{draft.id}/approve",
                      {"password": "not-it", "version_number": 2})
    assert wrong.status_code == 422 and db.session.get(DraftLetter, draft.id).status == "draft"
    approved = post_form(adc, f"/drafts/{draft.id}", f"/drafts/{draft.id}/approve",
                         {"password": PASSWORD, "version_number": 2})
    assert approved.status_code == 303
    draft = db.session.get(DraftLetter, draft.id)
    assert draft.status == "approved" and draft.approved_version.number == 2
    assert draft.approved_version.signature.user_id == users["adc.srinagar"].id
    assert adc.get(edit).status_code == 403  # approved text is fixed

    issue = f"/drafts/{draft.id}/issue"
    response = post_form(adc, issue, issue, {"recipients": "Ghulam Nabi\nKhanyar, Srinagar",
                                              "mode": "post"})
    assert response.status_code == 303
    dispatch = db.session.scalar(select(Dispatch))
    assert dispatch.dispatch_no == f"DC-SGR/DSP/{dispatch.year}/00001"
    assert dispatch.draft_version_id == draft.approved_version.id
    letter = adc.get(response.headers["Location"]).get_data(as_text=True)
    assert dispatch.dispatch_no in letter and "has been <b>accepted</b>" in letter
    file_page = adc.get(f"/files/{efile.id}").get_data(as_text=True)
    toc = file_page[file_page.index("Table of contents"):]
    assert dispatch.dispatch_no in toc and "Issued" in toc
    register = adc.get("/dispatch").get_data(as_text=True)
    assert dispatch.dispatch_no in register and "Correction of land record" in register
    assert "Ghulam Nabi; Khanyar, Srinagar" in register


def test_only_an_authorised_post_approves_and_only_an_approved_draft_is_issued(org):
    users = org["users"]
    so = users["so.srinagar"]
    efile = make_file(so)
    draft = services.create_draft(so, efile, "Reply", "<p>Text</p>")
    db.session.commit()
    with pytest.raises(NotAllowed):  # the SO's post may not approve
        services.approve_draft(so, draft, PASSWORD)
    db.session.rollback()
    with pytest.raises(WorkflowError):
        services.issue_draft(so, draft, "Someone", "post")
    db.session.rollback()
    with pytest.raises(WorkflowError):
        services.save_version(so, draft, "Reply", "<p>Text</p>")  # nothing changed
    db.session.rollback()
    with pytest.raises(Conflict):
        services.save_version(so, draft, "Reply", "<p>New text</p>", based_on=0)
    db.session.rollback()
    assert [v.number for v in db.session.get(DraftLetter, draft.id).versions] == [1]


def test_issue_refuses_bad_recipients_and_modes_without_using_a_number(org):
    draft = approved_draft(org)
    adc = org["users"]["adc.srinagar"]
    for recipients, mode in (("", "post"), ("Someone", "pigeon")):
        with pytest.raises(WorkflowError):
            services.issue_draft(adc, draft, recipients, mode)
        db.session.rollback()
    dispatch = services.issue_draft(adc, draft, "The applicant", "email")
    db.session.commit()
    assert dispatch.serial == 1
    with pytest.raises(WorkflowError):  # issued once only
        services.issue_draft(adc, draft, "The applicant", "email")
    db.session.rollback()


def test_dispatch_numbers_are_unique_and_gap_free_per_office_and_year(org):
    users, posts = org["users"], org["posts"]
    adc = users["adc.srinagar"]
    with travel_to(datetime(2026, 12, 31, 10, 0)):
        efile = make_file(users["so.srinagar"])
        serials = []
        for n in range(3):
            draft = approved_draft(org, f"Letter {n}", efile=efile)
            serials.append(services.issue_draft(adc, draft, "Recipient", "hand").serial)
            db.session.commit()
        draft = approved_draft(org, "Rolled back", efile=efile)
        services.issue_draft(adc, draft, "Recipient", "hand")
        db.session.rollback()  # a request that failed after numbering leaves no gap
    with travel_to(datetime(2027, 1, 1, 10, 0)):
        draft = approved_draft(org, "New year", efile=efile)
        new_year = services.issue_draft(adc, draft, "Recipient", "post")
        db.session.commit()
        posts["dc_jammu"].can_approve = True
        dc_jammu = users["dc.jammu"]
        jammu_draft = services.create_draft(dc_jammu, make_file(dc_jammu, head="JMU"), "Jammu",
                                            "Text")
        services.approve_draft(dc_jammu, jammu_draft, PASSWORD)
        services.issue_draft(dc_jammu, jammu_draft, "Recipient", "post")
        db.session.commit()
    assert serials == [1, 2, 3]
    numbers = db.session.scalars(select(Dispatch.dispatch_no).order_by(Dispatch.id)).all()
    assert numbers == ["DC-SGR/DSP/2026/00001", "DC-SGR/DSP/2026/00002",
                       "DC-SGR/DSP/2026/00003", "DC-SGR/DSP/2027/00001",
                       "DC-JMU/DSP/2027/00001"]
    assert new_year.serial == 1
    pages = db.session.scalars(select(CorrespondencePage.page_no).where(
        CorrespondencePage.efile_id == efile.id).order_by(CorrespondencePage.page_no)).all()
    assert pages == [1, 2, 3, 4]


def test_a_letter_issued_after_midnight_ist_is_dated_and_filed_by_the_office_day(app, org):
    draft = approved_draft(org, "Night reply")
    with travel_to(datetime(2026, 10, 14, 19, 0)):  # 00:30 IST on 15-10-2026
        dispatch = services.issue_draft(org["users"]["adc.srinagar"], draft, "Ghulam Nabi",
                                        "post")
    db.session.commit()
    client = signed_in(app, "adc.srinagar")
    letter = client.get(f"/dispatch/{dispatch.id}").get_data(as_text=True)
    assert "Dated 15-10-2026" in letter
    day = "/dispatch?date_from=2026-10-{0}&date_to=2026-10-{0}"
    assert "Night reply" in client.get(day.format(15)).get_data(as_text=True)
    assert "Night reply" not in client.get(day.format(14)).get_data(as_text=True)


def test_a_post_of_another_office_holding_the_file_does_not_issue_its_letter(app, org):
    """Dispatch numbers belong to the dispatching office's register: the Tehsildar, who
    holds the DC office's file for comments, may not take a DC office number."""
    users, posts = org["users"], org["posts"]
    adc, tehsildar = users["adc.srinagar"], users["tehsildar.khanyar"]
    draft = approved_draft(org)
    movement.send(adc, draft.efile, [posts["tehsildar"].id])
    db.session.commit()
    assert not policy.can_issue_draft(tehsildar, draft)
    with pytest.raises(NotAllowed) as refused:
        services.issue_draft(tehsildar, draft, "The applicant", "post")
    assert "issued by its own office, Deputy Commissioner Office, Srinagar" in refused.value.message
    db.session.rollback()
    assert db.session.scalar(select(db.func.count()).select_from(Dispatch)) == 0

    client = signed_in(app, "tehsildar.khanyar")
    page = client.get(f"/drafts/{draft.id}").get_data(as_text=True)
    assert "Send the file back there to issue this one." in page
    assert f"/drafts/{draft.id}/issue" not in page
    assert client.get(f"/drafts/{draft.id}/issue").status_code == 403

    movement.send(tehsildar, draft.efile, [posts["adc"].id])
    dispatch = services.issue_draft(adc, draft, "The applicant", "post")
    db.session.commit()
    assert dispatch.serial == 1 and dispatch.dispatch_no.startswith("DC-SGR/DSP/")
    assert dispatch.issued_by_post_id == posts["adc"].id


def test_dispatch_register_filters_prints_and_hides_confidential_subjects(app, org):
    users = org["users"]
    adc = users["adc.srinagar"]
    draft = approved_draft(org, "Ordinary reply")
    services.issue_draft(adc, draft, "Ghulam Nabi", "post")
    secret_file = make_file(users["so.srinagar"], subject="Vigilance", head="VIG",
                            grading="confidential")
    secret = approved_draft(org, "Vigilance report", efile=secret_file)
    services.issue_draft(adc, secret, "Director Vigilance", "hand")
    db.session.commit()
    client = signed_in(app, "adc.srinagar")
    assert "Vigilance report" in client.get("/dispatch").get_data(as_text=True)
    by_mode = client.get("/dispatch?mode=hand").get_data(as_text=True)
    assert "Vigilance report" in by_mode and "Ordinary reply" not in by_mode
    assert "Ordinary reply" in client.get("/dispatch?q=ghulam").get_data(as_text=True)
    for typed in ("%25", "_", "gh_lam"):  # letters to find, not wildcards
        assert "Letters found: 0" in client.get(f"/dispatch?q={typed}").get_data(as_text=True)
    fragment = client.get("/dispatch?mode=post", headers={"HX-Request": "true"})
    assert fragment.get_data(as_text=True).strip().startswith('<div id="register">')
    printable = client.get("/dispatch?print=1").get_data(as_text=True)
    assert "Ordinary reply" in printable and 'class="top"' not in printable
    bad = client.get("/dispatch?date_from=31-31-2026")
    assert bad.status_code == 422 and "DD-MM-YYYY" in bad.get_data(as_text=True)

    cru = signed_in(app, "cru.srinagar")  # same office, not on the confidential file's trail
    html = cru.get("/dispatch").get_data(as_text=True)
    assert "Ordinary reply" in html and "Vigilance report" not in html
    # a confidential subject is not searchable by those who may not see the file
    assert "Letters found: 0" in cru.get("/dispatch?q=report").get_data(as_text=True)
    secret_dispatch = db.session.scalar(select(Dispatch).where(Dispatch.draft_id == secret.id))
    assert cru.get(f"/dispatch/{secret_dispatch.id}").status_code == 404
    outsider = signed_in(app, "tehsildar.khanyar")  # another office: not in their register
    assert "Ordinary reply" not in outsider.get("/dispatch").get_data(as_text=True)


def test_dispatch_register_hides_who_confidential_letters_went_to(app, org):
    """Recipients of a confidential letter are hidden like its subject from those not on
    the file's trail, and a recipient search does not find the letter for them."""
    users = org["users"]
    secret_file = make_file(users["so.srinagar"], subject="Vigilance", head="VIG",
                            grading="confidential")
    secret = approved_draft(org, "Vigilance report", efile=secret_file)
    services.issue_draft(users["adc.srinagar"], secret, "Informant Mohammad Yusuf", "hand")
    db.session.commit()
    cru = signed_in(app, "cru.srinagar")
    html = cru.get("/dispatch").get_data(as_text=True)
    assert "Letters found: 1" in html, html
    assert "Informant" not in html
    assert "Informant" not in cru.get("/dispatch?print=1").get_data(as_text=True)
    assert "Letters found: 0" in cru.get("/dispatch?q=yusuf").get_data(as_text=True)
    adc = signed_in(app, "adc.srinagar")  # on the trail: sees and finds them
    assert "Informant Mohammad Yusuf" in adc.get("/dispatch").get_data(as_text=True)
