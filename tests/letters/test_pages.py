"""The letter's page: the approving officer signs there (a wrong PIN or password signs
nothing and says so), then the page and the dispatch register show each copy's
delivery."""
from eoffice.extensions import db
from tests.conftest import csrf_from, login
from tests.factories import PASSWORD
from tests.letters.conftest import issue_letter, run_jobs


def test_the_approver_signs_on_the_letter_page_and_the_register_shows_delivery(
        app, org, client, pkcs12_officer):
    dispatch = issue_letter(org, recipients="Ghulam Nabi\nghulam.nabi@example.in")
    run_jobs()
    login(client, "so.srinagar")
    page = client.get(f"/dispatch/{dispatch.id}").get_data(as_text=True)
    assert "Sign digitally and send" not in page  # only the approver signs
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/inbox").get_data(as_text=True))})

    login(client, "adc.srinagar")
    page = client.get(f"/dispatch/{dispatch.id}").get_data(as_text=True)
    assert "The PDF waits for the digital signature" in page and "Sign digitally and send" in page
    token = csrf_from(page)
    wrong = client.post(f"/dispatch/{dispatch.id}/sign", data={"csrf_token": token, "secret": "wrong"})
    assert wrong.status_code == 422
    assert "The PIN or password is not correct; nothing was signed." in wrong.get_data(as_text=True)
    db.session.expire_all()
    assert dispatch.document.state == "awaiting_signature"
    assert client.post(f"/dispatch/{dispatch.id}/sign",
                       data={"secret": PASSWORD}).status_code == 400  # no CSRF token: refused
    done = client.post(f"/dispatch/{dispatch.id}/sign", data={"csrf_token": token, "secret": PASSWORD})
    assert done.status_code == 303
    db.session.expire_all()
    assert dispatch.document.state == "signed"
    page = client.get(f"/dispatch/{dispatch.id}").get_data(as_text=True)
    assert "Signed digitally by" in page and f"/dispatch/{dispatch.id}/letter.pdf" in page
    assert "ghulam.nabi@example.in" in page and "queued" in page
    register = client.get("/dispatch").get_data(as_text=True)
    assert "signed digitally: 0 sent, 1 queued, 0 failed" in register
    run_jobs()  # no relay configured: the copy fails, saying why
    page = client.get(f"/dispatch/{dispatch.id}").get_data(as_text=True)
    assert "no SMTP relay is configured" in page
    assert "signed digitally: 0 sent, 0 queued, 1 failed" in client.get("/dispatch").get_data(as_text=True)
