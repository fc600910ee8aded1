"""The answer nginx shows for a request over client_max_body_size (GET /errors/too-large,
asked for without the body): a page in the user's language, JSON for the API."""


def test_a_page_says_the_limit_and_that_nothing_was_saved(client):
    answer = client.get("/errors/too-large", headers={"X-Original-URI": "/receipts/new"})
    assert answer.status_code == 413 and answer.mimetype == "text/html"
    page = answer.get_data(as_text=True)
    assert "a file may be at most 20 MB, and nothing was saved" in page
    assert "<form" in page or "<nav" in page or "<main" in page  # the portal's own layout


def test_in_the_users_language(client):
    answer = client.get("/errors/too-large", headers={"Accept-Language": "hi"})
    assert "अपलोड बहुत बड़ा है" in answer.get_data(as_text=True)


def test_the_api_gets_json(client, app):
    app.config["MAX_UPLOAD_MB"] = 7
    answer = client.get("/errors/too-large", headers={"X-Original-URI": "/api/v1/receipts"})
    assert answer.status_code == 413 and answer.is_json
    assert answer.json["error"]["code"] == "too_large"
    assert "7 MB" in answer.json["error"]["message"]
