"""The portal's write actions, driven in process through Flask's test client, each one
a real request with its cookie, CSRF token or bearer token: diarise (page and API),
send a file, write a note. bench/writes.py times them and counts their instructions;
bench/write_reference.py answers the same diarise requests on the bare stack.

Who does what (synthesised accounts, the demo password): `bench.a` diarises and sends
files to `bench.b` and back (the bench's send pool); `heavy` writes notes in files it
holds, one after another.
"""
import itertools
import re
from datetime import date

from sqlalchemy import create_engine, text

CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
API_TOKEN_NAME = "bench writes"
SESSION_COOKIE = "session"  # EOFFICE_SECURE_COOKIES=0, as the bench serves plain HTTP


def receipt_form(post_id, serial):
    """What an official types into "Diarise a receipt" (no scans)."""
    return {"as_post": str(post_id), "subject": f"Bench receipt {serial}: land records",
            "sender_name": "Tehsildar Ganderbal", "sender_designation": "Tehsildar",
            "sender_organisation": "Revenue Department", "letter_no": f"REV/{serial}",
            "received_on": date.today().strftime("%d-%m-%Y"), "mode": "post",
            "category": "general", "grading": "normal", "form": "physical", "body": "",
            "action": "save"}


def receipt_json(serial):
    """The same receipt as an API client sends it."""
    return {"subject": f"Bench receipt {serial}: land records",
            "sender": {"name": "Tehsildar Ganderbal", "designation": "Tehsildar",
                       "organisation": "Revenue Department"},
            "letter_no": f"REV/{serial}", "mode": "post", "category": "general",
            "physical": True}


NOTE_TEXT = ("<p>Submitted for perusal. The tehsildar's report on the land records is "
             "placed below; the draft reply may be approved.</p>")


class Facts:
    """Ids the actions need, read straight from the database."""

    def __init__(self, url):
        self.engine = create_engine(url)

    def rows(self, sql, **params):
        with self.engine.connect() as connection:
            return connection.execute(text(sql), params).all()

    def post_of(self, username):
        return self.rows("SELECT h.post_id FROM post_holding h JOIN user_account u "
                         "ON u.id = h.user_id WHERE u.username = :name ORDER BY h.post_id",
                         name=username)[0][0]

    def send_pool(self, post_a, post_b):
        """[(file id, holder post)] of the active files passed between desks A and B."""
        return [tuple(row) for row in self.rows(
            "SELECT id, holder_post_id FROM efile WHERE holder_post_id IN (:a, :b) "
            "AND status = 'active' AND created_by_post_id IN (:a, :b) ORDER BY id",
            a=post_a, b=post_b)]

    def note_pool(self, post_id, limit=50):
        """Active files the post holds and has read, for notes."""
        return [row[0] for row in self.rows(
            "SELECT id FROM efile WHERE holder_post_id = :post AND status = 'active' "
            "AND read_at IS NOT NULL ORDER BY id DESC LIMIT :limit", post=post_id, limit=limit)]

    def close(self):
        self.engine.dispose()


def sign_in(client, username, password, login="/login", after="/inbox"):
    token = CSRF.search(client.get(login).get_data(as_text=True)).group(1)
    answer = client.post(login, data={"username": username, "password": password,
                                      "csrf_token": token})
    if answer.status_code != 303:
        raise RuntimeError(f"sign-in of {username} failed ({answer.status_code})")
    return CSRF.search(client.get(after).get_data(as_text=True)).group(1)


def personal_token(app, username):
    """A bearer token of the user's, made as `flask eoffice token create` makes one."""
    from sqlalchemy import select

    from eoffice.extensions import db
    from eoffice.models import User
    from eoffice.tokens.services import create_personal_token

    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        _, raw = create_personal_token(user, API_TOKEN_NAME)
        db.session.commit()
    return raw


class PortalActions:
    """Each method makes one request and checks it did what it should."""

    def __init__(self, app, url, password):
        self.app = app
        self.facts = Facts(url)
        self.serial = itertools.count(1)
        self.desks = {}
        self.cookies = {}
        for name in ("bench.a", "bench.b", "heavy"):
            client = app.test_client()
            csrf = sign_in(client, name, password)
            self.desks[name] = (client, csrf, self.facts.post_of(name))
            self.cookies[name] = client.get_cookie(SESSION_COOKIE).value
        post_a, post_b = self.desks["bench.a"][2], self.desks["bench.b"][2]
        self.senders = {post_a: "bench.a", post_b: "bench.b"}
        self.pool = self.facts.send_pool(post_a, post_b)
        self.sends = itertools.cycle(range(len(self.pool)))
        self.notes = itertools.cycle(self.facts.note_pool(self.desks["heavy"][2]))
        self.bearer = {"Authorization": f"Bearer {personal_token(app, 'bench.a')}"}

    def diarise_page(self):
        client, csrf, post = self.desks["bench.a"]
        answer = client.post("/receipts/new",
                             data=dict(receipt_form(post, next(self.serial)), csrf_token=csrf))
        _expect(answer, 303, "diarise (page)")
        self._message_shown("bench.a")

    def diarise_api(self):
        answer = self.desks["bench.a"][0].post("/api/v1/receipts", headers=self.bearer,
                                               json=receipt_json(next(self.serial)))
        _expect(answer, 201, "diarise (API)")

    def send(self):
        index = next(self.sends)
        file_id, holder = self.pool[index]
        client, csrf, _ = self.desks[self.senders[holder]]
        other = next(post for post in self.senders if post != holder)
        answer = client.post(f"/files/{file_id}/send", data={
            "csrf_token": csrf, "to_post": str(other), "priority": "normal",
            "remarks": "For further action."})
        _expect(answer, 303, "send")
        self._message_shown(self.senders[holder])
        self.pool[index] = (file_id, other)

    def note(self):
        client, csrf, _ = self.desks["heavy"]
        answer = client.post(f"/files/{next(self.notes)}/notes",
                             data={"csrf_token": csrf, "body": NOTE_TEXT})
        _expect(answer, 303, "note")
        self._message_shown("heavy")

    def _message_shown(self, desk):
        """A browser follows the 303 to a page that shows the flashed message and takes it
        out of the session cookie; the bench does not load that page, so it puts back the
        cookie as it then is (else every request carries all the messages before it)."""
        self.desks[desk][0].set_cookie(SESSION_COOKIE, self.cookies[desk])

    def close(self):
        self.facts.close()


ACTIONS = {  # name in the report: method
    "Diarise a receipt (page)": "diarise_page",
    "Diarise a receipt (API)": "diarise_api",
    "Send a file": "send",
    "Write a note": "note",
}


def _expect(answer, status, what):
    if answer.status_code != status:
        body = answer.get_data(as_text=True)[:300]
        raise RuntimeError(f"{what}: {answer.status_code} instead of {status}: {body}")


class ReferenceActions:
    """The same diarise requests, answered by the write reference (bench/write_reference.py)."""

    def __init__(self, app, url, password):
        import hashlib
        import secrets

        self.app = app
        self.facts = Facts(url)
        self.serial = itertools.count(1)
        self.client = app.test_client()
        self.csrf = self.client.get("/sign-in?username=bench.a").get_json()["csrf_token"]
        self.post = self.facts.post_of("bench.a")
        raw = "eo_" + secrets.token_urlsafe(32)
        with self.facts.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO api_token (name, kind, user_id, token_hash, prefix, created_at) "
                "SELECT :name, 'personal', id, :digest, :prefix, CURRENT_TIMESTAMP "
                "FROM user_account WHERE username = 'bench.a'"),
                {"name": API_TOKEN_NAME, "digest": hashlib.sha256(raw.encode()).hexdigest(),
                 "prefix": raw[:11]})
        self.bearer = {"Authorization": f"Bearer {raw}"}

    def diarise_page(self):
        answer = self.client.post("/receipts/new", data=dict(
            receipt_form(self.post, next(self.serial)), csrf_token=self.csrf))
        _expect(answer, 303, "reference diarise (page)")

    def diarise_api(self):
        answer = self.client.post("/api/receipts", headers=self.bearer,
                                  json=receipt_json(next(self.serial)))
        _expect(answer, 201, "reference diarise (API)")

    def close(self):
        self.facts.close()
