"""Posts and the chain of command."""
from sqlalchemy import select

from eoffice.extensions import db
from eoffice.models import Post
from tests.admin.conftest import audited, submit


def post(label):
    return db.session.scalar(select(Post).where(Post.label == label))


def test_create_post_with_section_and_reports_to(admin, org):
    so = org["posts"]["so"]
    response = submit(admin, "/admin/posts/new",
                      {"designation": "Assistant (General)", "label": "Asstt (Gen) Srinagar",
                       "office": "dc-sgr", "section": "gen", "reports_to": str(so.id)})
    assert response.status_code == 303
    created = post("Asstt (Gen) Srinagar")
    assert created.reports_to is so and created.section.code == "GEN"
    assert audited("post.create", created)
    by_label = submit(admin, "/admin/posts/new",
                      {"designation": "Typist", "label": "Typist Srinagar", "office": "DC-SGR",
                       "reports_to": "so (gen) srinagar"})
    assert by_label.status_code == 303
    assert post("Typist Srinagar").reports_to is so

    typist = post("Typist Srinagar")
    moved = submit(admin, f"/admin/posts/{typist.id}",
                   {"designation": "Typist", "label": "Typist Jammu", "office": "DC-JMU",
                    "reports_to": str(org["posts"]["dc_jammu"].id)})
    assert moved.status_code == 303
    db.session.refresh(typist)
    assert typist.office.code == "DC-JMU" and typist.reports_to is org["posts"]["dc_jammu"]
    assert "office: DC-SGR -> DC-JMU" in audited("post.update", typist)[0].detail


def test_reporting_cycle_is_refused(admin, org):
    dc, cru = org["posts"]["dc"], org["posts"]["cru"]
    # CRU reports to SO, SO to ADC, ADC to DC: DC may not report to CRU
    response = submit(admin, f"/admin/posts/{dc.id}",
                      {"designation": "DC", "label": "DC Srinagar", "office": "DC-SGR",
                       "reports_to": f"{cru.id}: CRU Srinagar"})
    assert response.status_code == 422
    assert 'id="reports_to-error"' in response.get_data(as_text=True)
    db.session.refresh(dc)
    assert dc.reports_to is None
    itself = submit(admin, f"/admin/posts/{dc.id}",
                    {"designation": "DC", "label": "DC Srinagar", "office": "DC-SGR",
                     "reports_to": str(dc.id)})
    assert itself.status_code == 422


def test_section_must_belong_to_the_office(admin):
    response = submit(admin, "/admin/posts/new",
                      {"designation": "Clerk", "label": "Clerk", "office": "DC-JMU",
                       "section": "CRU"})
    assert response.status_code == 422
    assert "no section with this code" in response.get_data(as_text=True)


def test_post_held_today_cannot_retire(admin, org):
    so = org["posts"]["so"]
    response = submit(admin, f"/admin/posts/{so.id}/retire", {})
    assert response.status_code == 422
    assert "end those holdings first" in response.get_data(as_text=True)


def test_post_list_search_and_office_filter(admin):
    page = admin.get("/admin/posts?office=DC-SGR&q=srinagar").get_data(as_text=True)
    assert "ADC Srinagar" in page and "DC Jammu" not in page


def test_the_it_admin_says_which_posts_approve_letters(admin, org):
    """A new DC's post can be made an approving post, and an existing one stop approving;
    both are in the audit log and the drafts' approval rule follows at once."""
    from eoffice import policy

    created = submit(admin, "/admin/posts/new",
                     {"designation": "Additional Deputy Commissioner", "label": "ADC-II Srinagar",
                      "office": "DC-SGR", "can_approve": "y"})
    assert created.status_code == 303
    adc2 = post("ADC-II Srinagar")
    assert adc2.can_approve and policy.may_approve(adc2)
    assert "can_approve: True" in audited("post.create", adc2)[0].detail
    page = admin.get(f"/admin/posts/{adc2.id}").get_data(as_text=True)
    assert '<input aria-describedby="can_approve-hint" checked id="can_approve"' in page

    dc = org["posts"]["dc"]
    assert dc.can_approve
    unticked = submit(admin, f"/admin/posts/{dc.id}",
                      {"designation": dc.designation, "label": dc.label, "office": "DC-SGR"})
    assert unticked.status_code == 303
    db.session.refresh(dc)
    assert not dc.can_approve and not policy.may_approve(dc)
    assert "can_approve: True -> False" in audited("post.update", dc)[0].detail


def test_a_post_oversees_its_district_only_from_an_office_at_a_district(admin, org):
    made = submit(admin, "/admin/posts/new",
                  {"designation": "Deputy Commissioner", "label": "DC Jammu (2)",
                   "office": "DC-JMU", "oversight": "district"})
    assert made.status_code == 303
    assert post("DC Jammu (2)").oversight == "district"
    assert "oversight: district" in audited("post.create", post("DC Jammu (2)"))[0].detail
    assert "Its district (district head)" in admin.get("/admin/posts").get_data(as_text=True)
    tehsil = submit(admin, "/admin/posts/new",
                    {"designation": "Tehsildar", "label": "Tehsildar (2)", "office": "TO-SGR-T1",
                     "oversight": "district"})
    assert tehsil.status_code == 422
    assert 'id="oversight-error"' in tehsil.get_data(as_text=True)
    unknown = submit(admin, "/admin/posts/new",
                     {"designation": "Clerk", "label": "Clerk (2)", "office": "DC-JMU",
                      "oversight": "everything"})
    assert unknown.status_code == 422
    assert post("Tehsildar (2)") is None and post("Clerk (2)") is None


def test_taking_oversight_from_a_post_is_audited_and_kept_when_not_sent(admin, org):
    dc_jammu = org["posts"]["dc_jammu"]
    untouched = submit(admin, f"/admin/posts/{dc_jammu.id}",
                       {"designation": "DC Jammu", "label": "DC Jammu", "office": "DC-JMU"})
    assert untouched.status_code == 303
    db.session.refresh(dc_jammu)
    assert dc_jammu.oversight == "district"
    taken = submit(admin, f"/admin/posts/{dc_jammu.id}",
                   {"designation": "DC Jammu", "label": "DC Jammu", "office": "DC-JMU",
                    "oversight": "none"})
    assert taken.status_code == 303
    db.session.refresh(dc_jammu)
    assert dc_jammu.oversight == "none"
    assert "oversight: district -> none" in audited("post.update", dc_jammu)[0].detail
