"""Names in Hindi and Urdu beside English: entered on the admin pages, shown where the
page or letter speaks that language (English where none was given), found by search in
any of the three."""
import pytest
from sqlalchemy import select

from eoffice.admin import services
from eoffice.errors import WorkflowError
from eoffice.extensions import db
from eoffice.models import Office, OrgUnit, Post, User
from eoffice.names import name_in, post_full_label
from tests.admin.conftest import audited, submit
from tests.conftest import login

SRINAGAR = {"name_hi": "श्रीनगर", "name_ur": "سرینگر"}


def _unit(code):
    return db.session.scalar(select(OrgUnit).where(OrgUnit.code == code))


def _speaking(username, language):
    db.session.scalar(select(User).filter_by(username=username)).language = language
    db.session.commit()


def test_an_admin_enters_hindi_and_urdu_names_and_edits_them(admin):
    response = submit(admin, "/admin/units/new", {
        "code": "GBL", "name": "Ganderbal", "name_hi": " गांदरबल ", "name_ur": "گاندربل",
        "kind": "district", "parent": "KMR"})
    assert response.status_code == 303
    unit = _unit("GBL")
    assert (unit.name, unit.name_hi, unit.name_ur) == ("Ganderbal", "गांदरबल", "گاندربل")
    form = admin.get(f"/admin/units/{unit.id}").get_data(as_text=True)
    assert 'lang="ur"' in form and 'dir="rtl"' in form and "گاندربل" in form
    response = submit(admin, f"/admin/units/{unit.id}", {
        "name": "Ganderbal", "name_hi": "", "name_ur": "گاندربل", "kind": "district",
        "parent": "KMR"})
    assert response.status_code == 303
    assert _unit("GBL").name_hi is None  # emptied: Hindi pages show the English name
    assert "name_hi: गांदरबल -> -" in audited("unit.update", unit)[-1].detail


@pytest.mark.parametrize("url, data", [
    ("/admin/departments/new", {"code": "AGR", "name": "Agriculture",
                                "name_hi": "कृषि", "name_ur": "زراعت"}),
    ("/admin/offices/new", {"code": "DC-GBL", "name": "Deputy Commissioner Office, Ganderbal",
                            "name_hi": "उपायुक्त कार्यालय, गांदरबल",
                            "name_ur": "دفتر ڈپٹی کمشنر، گاندربل", "department": "GAD",
                            "org_unit": "SGR",
                            "file_number_pattern": "{office}/{serial}/{year}"}),
])
def test_departments_and_offices_take_their_names_too(admin, org, url, data):
    from tests.factories import make_department
    make_department("GAD", "General Administration")
    db.session.commit()
    assert submit(admin, url, data).status_code == 303
    model = {"departments": "Department", "offices": "Office"}[url.split("/")[2]]
    record = db.session.scalar(select(getattr(__import__("eoffice.models", fromlist=[model]),
                                              model)).filter_by(code=data["code"]))
    assert (record.name_hi, record.name_ur) == (data["name_hi"], data["name_ur"])


def test_posts_take_a_designation_and_label_in_each_language(admin, org):
    response = submit(admin, "/admin/posts/new", {
        "designation": "Naib Tehsildar, Khanyar", "designation_hi": "नायब तहसीलदार, खानयार",
        "designation_ur": "نائب تحصیلدار، خانیار", "label": "NT Khanyar",
        "label_hi": "नायब तहसीलदार खानयार", "label_ur": "نائب تحصیلدار خانیار",
        "office": "TO-SGR-T1"})
    assert response.status_code == 303
    post = db.session.scalar(select(Post).filter_by(label="NT Khanyar"))
    assert name_in(post, "designation", "ur") == "نائب تحصیلدار، خانیار"
    assert name_in(post, "label", "hi") == "नायब तहसीलदार खानयार"


def test_a_name_longer_than_its_column_is_refused_and_nothing_saved(admin):
    response = submit(admin, "/admin/units/new", {
        "code": "LNG", "name": "Long", "name_ur": "ل" * 161, "kind": "district",
        "parent": "KMR"})
    assert response.status_code == 422 and 'id="name_ur-error"' in response.get_data(as_text=True)
    assert _unit("LNG") is None
    with pytest.raises(WorkflowError):  # the service says so too, whoever calls it
        services.create_unit(db.session.scalar(select(User).filter_by(username="admin")),
                             "LNG", "Long", "district", _unit("KMR"), name_hi="ह" * 161)
    db.session.rollback()
    with pytest.raises(TypeError):  # a column that is no translated name is no input
        services.create_unit(db.session.scalar(select(User).filter_by(username="admin")),
                             "LNG", "Long", "district", _unit("KMR"), password_hash="x")
    db.session.rollback()


def test_the_name_in_a_language_falls_back_to_english(app, org):
    srinagar = org["units"]["srinagar"]
    srinagar.name_hi = "श्रीनगर"
    assert name_in(srinagar, language="hi") == "श्रीनगर"
    assert name_in(srinagar, language="ur") == "Srinagar"  # none entered
    assert name_in(srinagar, language="en") == "Srinagar"
    assert name_in(None) == ""
    with app.test_request_context(headers={"Accept-Language": "hi"}):
        assert name_in(srinagar) == "श्रीनगर"  # the language speaking now
    office = org["offices"]["dc_sgr"]
    office.name_ur = "دفتر ڈپٹی کمشنر، سرینگر"
    post = org["posts"]["so"]
    post.label_ur = "ایس او (جنرل) سرینگر"
    assert post_full_label(post, "ur") == "ایس او (جنرل) سرینگر, دفتر ڈپٹی کمشنر، سرینگر"


def test_admin_lists_and_lookups_find_a_unit_by_any_of_its_names(admin, org):
    srinagar = org["units"]["srinagar"]
    for field, value in SRINAGAR.items():
        setattr(srinagar, field, value)
    db.session.commit()
    for typed in ("Srinagar", "श्रीनगर", "سرینگر"):
        listing = admin.get(f"/admin/units?q={typed}").get_data(as_text=True)
        assert "SGR" in listing, typed
        suggested = admin.get(f"/admin/lookup/unit?field=parent&parent={typed}")
        assert "SGR" in suggested.get_data(as_text=True), typed


def test_the_address_book_finds_a_post_by_its_hindi_or_urdu_designation(app, org):
    from eoffice.movement.addressbook import search_posts
    adc = org["posts"]["adc"]
    adc.designation_hi, adc.label_ur = "अपर उपायुक्त, श्रीनगर", "اے ڈی سی سرینگر"
    db.session.commit()
    assert adc in search_posts("उपायुक्त")
    assert adc in search_posts("اے ڈی سی")
    assert adc in search_posts("ADC")


def test_pages_show_names_in_the_readers_language(app, client, org):
    srinagar, office, so = org["units"]["srinagar"], org["offices"]["dc_sgr"], org["posts"]["so"]
    srinagar.name_ur = "سرینگر"
    office.name_ur = "دفتر ڈپٹی کمشنر، سرینگر"
    so.label_ur = "ایس او (جنرل) سرینگر"
    from tests.factories import make_file
    efile = make_file(org["users"]["so.srinagar"])
    _speaking("so.srinagar", "ur")
    login(client, "so.srinagar")
    page = client.get(f"/files/{efile.id}").get_data(as_text=True)
    assert "ایس او (جنرل) سرینگر, دفتر ڈپٹی کمشنر، سرینگر" in page
    assert "SO (Gen) Srinagar" not in page
    from eoffice.movement import services as movement
    movement.send(org["users"]["so.srinagar"], efile, [org["posts"]["adc"].id])
    db.session.commit()
    _speaking("adc.srinagar", "ur")
    adc = app.test_client()
    login(adc, "adc.srinagar")
    inbox = adc.get("/inbox").get_data(as_text=True)
    assert "ایس او (جنرل) سرینگر" in inbox and "SO (Gen) Srinagar" not in inbox


def test_a_letter_names_its_office_and_approver_in_its_own_language(app, org):
    from tests.drafts.test_letter_language import _letter, issued
    from tests.notes.test_pages import signed_in
    office, adc = org["offices"]["dc_sgr"], org["posts"]["adc"]
    office.name_ur, office.name_hi = "دفتر ڈپٹی کمشنر، سرینگر", "उपायुक्त कार्यालय, श्रीनगर"
    adc.designation = "Additional Deputy Commissioner, Srinagar"
    adc.designation_ur = "ایڈیشنل ڈپٹی کمشنر، سرینگر"
    adc.label_ur = "اے ڈی سی سرینگر"
    db.session.commit()
    urdu = issued(org, "ur")
    english = issued(org, "en")
    reader = signed_in(app, "adc.srinagar")  # reads English
    letter = _letter(reader.get(f"/dispatch/{urdu.id}").get_data(as_text=True))
    for words in ("دفتر ڈپٹی کمشنر، سرینگر", "ایڈیشنل ڈپٹی کمشنر، سرینگر", "اے ڈی سی سرینگر"):
        assert words in letter, words
    assert "Deputy Commissioner Office" not in letter and "Additional Deputy" not in letter
    _speaking("adc.srinagar", "hi")
    letter = _letter(signed_in(app, "adc.srinagar").get(f"/dispatch/{english.id}")
                     .get_data(as_text=True))
    assert "Deputy Commissioner Office, Srinagar" in letter
    assert "उपायुक्त कार्यालय" not in letter


def test_the_demo_names_districts_tehsils_offices_and_posts_in_hindi_and_urdu(app):
    from tests.reporting.test_pages import load_demo
    load_demo(app)
    missing = db.session.scalars(select(OrgUnit.code).where(
        OrgUnit.kind.in_(("ut", "division", "district", "tehsil")),
        (OrgUnit.name_hi.is_(None)) | (OrgUnit.name_ur.is_(None)))).all()
    assert missing == []
    office = db.session.scalar(select(Office).filter_by(code="DC-SGR"))
    assert (office.name_hi, office.name_ur) == ("उपायुक्त कार्यालय, श्रीनगर",
                                                "دفتر ڈپٹی کمشنر، سرینگر")
    unnamed = db.session.scalars(select(Post.label).where(
        (Post.designation_ur.is_(None)) | (Post.label_hi.is_(None)))).all()
    assert unnamed == []
    tehsildar = db.session.scalar(select(Post).filter_by(label="Tehsildar Khanyar"))
    assert tehsildar.designation_ur == "تحصیلدار، خانیار"
    from eoffice.models import Dispatch  # and letters issued in each language
    assert [d.language for d in db.session.scalars(select(Dispatch).order_by(Dispatch.id))] \
        == ["ur", "hi", "en"]
