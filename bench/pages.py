"""What the bench measures: each page, who asks for it and how, and what it weighs."""
import time
from dataclasses import dataclass, field

from sqlalchemy import create_engine, text

from . import wrk
from .client import Client
from .report import EMPTY_PAGE

SIGNED_IN_EMPTY_PAGE = "/bench/signed-in"  # added to the portal by portal.py


TYPICAL = "typical desk"  # stands for the official Facts.typical_desk() names


@dataclass
class Page:
    name: str
    user: str | None
    path: str = ""
    htmx: bool = False
    key: bool = False          # repeated at every data size, compared across sizes
    fragment: bool = False     # weighed against the 10 KB fragment budget
    rotate: str = ""           # "files": cycle through files the heavy desk has read
    send: bool = False
    extra: dict = field(default_factory=dict)


PAGES = [
    Page("Sign-in page", None, "/login", key=True),
    # The portal's floor: Flask with its hooks and one query, no session, no layout.
    Page("Health check (no session)", None, "/healthz"),
    # Every signed-in page's floor: the portal's plumbing around an empty body (portal.py).
    Page(EMPTY_PAGE, "heavy", SIGNED_IN_EMPTY_PAGE),
    Page("Inbox, ordinary post", TYPICAL, "/inbox", key=True),
    Page("Inbox, heavy post", "heavy", "/inbox", key=True),
    Page("Inbox htmx refresh", "heavy", "/inbox", htmx=True, key=True, fragment=True),
    Page("File page", "heavy", "/files/{id}", key=True, rotate="files"),
    Page("Send a file", "bench.a", key=True, send=True),
    Page("Search", "heavy", "/search?q=land+records", key=True),
    Page("District dashboard", "dc.srinagar", "/dashboard/SGR", key=True),
    Page("UT dashboard", "cs.it", "/dashboard/JK", key=True),
    Page("Movement history", "heavy", "/files/{id}/history", rotate="files"),
    Page("Pendency, heavy post", "heavy", "/inbox/pendency"),
    Page("Sent view, heavy post", "heavy", "/inbox?view=sent"),
]
# The read reference (bench/reference.py): the same inbox on the bare stack, served by
# its own gunicorn; every page is reported against it ("x reference").
REFERENCE_INBOX = Page("Reference: bare-stack inbox", "heavy", "/inbox")
REFERENCE_FRAGMENT = Page("Reference: bare-stack inbox htmx refresh", "heavy", "/inbox", htmx=True)
REFERENCES = (REFERENCE_INBOX, REFERENCE_FRAGMENT)
FRAGMENTS = [  # weighed only
    ("Inbox page 2 (htmx)", "heavy", "/inbox?page=2"),
    ("Pendency (htmx)", "heavy", "/inbox/pendency"),
    ("Movement history (htmx)", "heavy", "/files/{id}/history"),
    ("Address book search (htmx)", "heavy", "/posts/search?q=srinagar"),
    ("Search results (htmx)", "heavy", "/search?q=land+records"),
    ("District dashboard (htmx)", "dc.srinagar", "/dashboard/SGR"),
]
USERS = ("heavy", "bench.a", "bench.b", "dc.srinagar", "cs.it")


class Facts:
    """Ids the pages need, read straight from the database."""

    def __init__(self, url):
        self.engine = create_engine(url)

    def scalar_list(self, sql, **params):
        with self.engine.connect() as connection:
            return [row[0] for row in connection.execute(text(sql), params)]

    def post_of(self, username):
        return self.scalar_list(
            "SELECT h.post_id FROM post_holding h JOIN user_account u ON u.id = h.user_id "
            "WHERE u.username = :name", name=username)[0]

    def typical_desk(self):
        """A synthesised official whose post holds the median number of pending items
        among posts holding any: the inbox most officials see."""
        names = self.scalar_list(
            "SELECT u.username FROM pending_count c JOIN post_holding h ON h.post_id = c.post_id "
            "JOIN user_account u ON u.id = h.user_id WHERE c.list = 'with_me' "
            "AND u.username LIKE '%.%.%' GROUP BY u.username ORDER BY sum(c.items), u.username")
        return names[len(names) // 2]

    def read_files(self, post_id, limit=200):
        return self.scalar_list(
            "SELECT id FROM efile WHERE holder_post_id = :post AND read_at IS NOT NULL "
            "ORDER BY id DESC LIMIT :limit", post=post_id, limit=limit)

    def send_pool(self, post_a, post_b):
        """(file ids, 0 when at desk A / 1 when at desk B) of the active files between them."""
        with self.engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT id, holder_post_id FROM efile WHERE holder_post_id IN (:a, :b) "
                "AND status = 'active' AND created_by_post_id IN (:a, :b) ORDER BY id"),
                {"a": post_a, "b": post_b}).all()
        return [r[0] for r in rows], [0 if r[1] == post_a else 1 for r in rows]

    def close(self):
        self.engine.dispose()


def username(page, facts):
    """Who signs in for a page: its user, or the typical desk's official."""
    return facts.typical_desk() if page.user == TYPICAL else page.user


def sign_in_all(port, password, facts):
    clients = {name: Client(port).sign_in(name, password) for name in USERS}
    clients[TYPICAL] = Client(port).sign_in(facts.typical_desk(), password)
    return clients


def concrete(path, facts_ids):
    return path.replace("{id}", str(facts_ids[0])) if "{id}" in path else path


def measure(page, port, clients, facts, settings, workdir):
    """One page: availability, weight, then wrk. Returns a result dict."""
    client = clients.get(page.user) or Client(port)
    heavy_files = facts.read_files(facts.post_of("heavy"))
    result = {"page": page.name, "key": page.key, "fragment": page.fragment}
    headers = {"HX-Request": "true"} if page.htmx else {}
    if page.send:
        return _measure_send(page, port, clients, facts, settings, workdir, result)
    path = concrete(page.path, heavy_files)
    status, own, total = client.weigh(path, headers)
    if status == 404:
        return dict(result, available=False)
    if status != 200:
        return dict(result, available=False, error=f"status {status}")
    result.update(available=True, bytes_gzip=own if page.htmx else total)
    paths = [page.path.replace("{id}", str(i)) for i in heavy_files] if page.rotate else [path]
    script = wrk.rotating_script(paths, client.cookie, headers)
    result.update(wrk.run(port, script, workdir, _slug(page.name), **settings))
    return result


def _measure_send(page, port, clients, facts, settings, workdir, result):
    a, b = clients["bench.a"], clients["bench.b"]
    desks = [{"cookie": c.cookie, "token": c.csrf, "post": facts.post_of(name)}
             for c, name in ((a, "bench.a"), (b, "bench.b"))]
    for warmup in (True, False):
        files, holders = facts.send_pool(desks[0]["post"], desks[1]["post"])
        for _ in range(15 if not warmup else 0):  # let the warm-up's last sends land
            time.sleep(1)
            settled = facts.send_pool(desks[0]["post"], desks[1]["post"])
            if settled == (files, holders):
                break
            files, holders = settled
        if not files:
            return dict(result, available=False, error="no send pool")
        script = wrk.send_script(files, holders, *desks, settings["threads"])
        options = dict(settings, duration=2) if warmup else settings
        measured = wrk.run(port, script, workdir, "send", warmup=0, **options)
    return dict(result, available=True, pool=len(files), **measured)


def weigh_fragments(port, clients, facts):
    heavy_files = facts.read_files(facts.post_of("heavy"))
    weights = []
    for name, user, path in FRAGMENTS:
        status, own, _ = clients[user].weigh(concrete(path, heavy_files), {"HX-Request": "true"})
        weights.append({"fragment": name, "available": status == 200,
                        "bytes_gzip": own if status == 200 else None})
    return weights


def _slug(name):
    return "".join(ch if ch.isalnum() else "-" for ch in name.lower())
