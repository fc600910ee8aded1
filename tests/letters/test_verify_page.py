"""The public verification page: no sign-in, tells the genuine PDF (or its hash) from a
forged one, shows only what the letter shows, and for a confidential letter nothing but
"genuine / not genuine"; the PDF is the same bytes at every fetch."""
import hashlib
import io

from eoffice import create_app
from eoffice.extensions import db
from tests.conftest import csrf_from, login
from tests.letters.conftest import issue_letter, run_jobs

GENUINE = "Genuine: this is the letter as the office issued it."
FORGED = "Not genuine: this is not the letter the office issued, or it was changed."


def final_letter(app, org, tmp_path, **kwargs):
    app.config["SIGNING_DIR"] = str(tmp_path / "no-certificates")
    dispatch = issue_letter(org, **kwargs)
    run_jobs()
    assert dispatch.document.is_final
    return dispatch


def check(client, code, **data):
    page = client.get(f"/v/{code}")
    data["csrf_token"] = csrf_from(page.get_data(as_text=True))
    return client.post(f"/v/{code}", data=data, content_type="multipart/form-data")


def test_anyone_tells_the_genuine_pdf_from_a_forged_one(app, org, client, tmp_path):
    dispatch = final_letter(app, org, tmp_path)
    code, pdf = dispatch.document.verify_code, dispatch.document.pdf
    page = client.get(f"/v/{code}")
    assert page.status_code == 200  # no sign-in
    html = page.get_data(as_text=True)
    for shown in (dispatch.office.name, dispatch.dispatch_no, dispatch.document.pdf_sha256,
                  dispatch.version.approved_by_post.designation):
        assert shown in html
    for hidden in (dispatch.subject, "Ghulam Nabi", "the record is corrected"):
        assert hidden not in html  # what the letter says stays with its holder
    answer = check(client, code, pdf=(io.BytesIO(pdf), "letter.pdf")).get_data(as_text=True)
    assert GENUINE in answer
    forged = pdf.replace(b"corrected", b"cancelled") if b"corrected" in pdf else pdf + b"\n"
    answer = check(client, code, pdf=(io.BytesIO(forged), "letter.pdf")).get_data(as_text=True)
    assert FORGED in answer
    assert GENUINE in check(client, code, sha256=dispatch.document.pdf_sha256.upper()).get_data(as_text=True)
    assert FORGED in check(client, code, sha256="0" * 64).get_data(as_text=True)
    bad = check(client, code, sha256="not a hash")
    assert bad.status_code == 422 and GENUINE not in bad.get_data(as_text=True)
    empty = check(client, code)
    assert empty.status_code == 422


def test_a_confidential_letter_says_only_genuine_or_not(app, org, client, tmp_path):
    from tests.factories import make_file

    efile = make_file(org["users"]["so.srinagar"], grading="confidential")
    dispatch = final_letter(app, org, tmp_path, efile=efile)
    code = dispatch.document.verify_code
    html = client.get(f"/v/{code}").get_data(as_text=True)
    for hidden in (dispatch.office.name, dispatch.dispatch_no, dispatch.document.pdf_sha256,
                   dispatch.version.approved_by_post.designation, dispatch.subject,
                   dispatch.issued_at.strftime("%d-%m-%Y")):
        assert hidden not in html
    answer = check(client, code, pdf=(io.BytesIO(dispatch.document.pdf), "x.pdf")).get_data(as_text=True)
    assert GENUINE in answer and dispatch.document.pdf_sha256 not in answer
    assert FORGED in check(client, code, sha256="1" * 64).get_data(as_text=True)


def test_unknown_codes_and_letters_not_yet_final_are_not_found(app, org, client, pkcs12_officer):
    dispatch = issue_letter(org)
    run_jobs()
    assert dispatch.document.state == "awaiting_signature"
    assert client.get(f"/v/{dispatch.document.verify_code}").status_code == 404
    assert client.get("/v/zzzzzzzzzz").status_code == 404
    assert client.get("/v/" + "a" * 200).status_code == 404


def test_the_pdf_is_the_same_bytes_at_every_fetch_and_only_for_its_readers(app, org, client, tmp_path):
    dispatch = final_letter(app, org, tmp_path)
    url = f"/dispatch/{dispatch.id}/letter.pdf"
    assert client.get(url).status_code in (302, 303)  # signed-in only
    login(client, "adc.srinagar")
    first, second = client.get(url), client.get(url)
    assert first.status_code == 200 and first.mimetype == "application/pdf"
    assert first.data == second.data == dispatch.document.pdf
    assert hashlib.sha256(first.data).hexdigest() == dispatch.document.pdf_sha256
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/inbox").get_data(as_text=True))})
    login(client, "dc.jammu")  # another district's officer
    assert client.get(url).status_code == 404


def test_the_page_is_rate_limited(tmp_path):
    from tests.factories import make_org

    app = create_app("config.TestConfig", RATELIMIT_ENABLED=True, VERIFY_RATE_LIMIT="3 per minute",
                     SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/limits.db",
                     SQLALCHEMY_ENGINE_OPTIONS={},
                     SIGNING_DIR=str(tmp_path / "none"))
    app.instance_path = str(tmp_path)
    with app.app_context():
        db.create_all()
        org = make_org()
        dispatch = issue_letter(org)
        run_jobs()
        client = app.test_client()
        codes = [client.get(f"/v/{dispatch.document.verify_code}").status_code for _ in range(5)]
        assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
        db.session.remove()
        db.drop_all()
