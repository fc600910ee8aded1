"""CPU time and queries per request, in process (Flask's test client, no server, no
wrk): a measure of each page's own cost that other work on the machine hardly moves.

    python -m bench.cpu <database url>   -> JSON on stdout
"""
import importlib
import json
import os
import sys
import time

from sqlalchemy import event

from .client import CSRF
from .pages import PAGES, Facts, concrete, username
from .report import FLOOR, HELLO

ROUNDS = 100  # fewer let a single slow round move a page's figure by a fifth


def main(url, password):
    os.environ["DATABASE_URL"] = url
    from eoffice.extensions import db

    from .portal import app  # as gunicorn serves it
    facts = Facts(url)
    files = facts.read_files(facts.post_of("heavy"))
    clients, results = {}, {}
    count = [0]
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute",
                     lambda *a: count.__setitem__(0, count[0] + 1))
    for page in PAGES:
        if page.send:
            continue
        if page.user not in clients:
            client = app.test_client()
            if page.user:
                token = CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
                client.post("/login", data={"username": username(page, facts),
                                            "password": password,
                                            "csrf_token": token})
            clients[page.user] = client
        client = clients[page.user]
        path = concrete(page.path, files)
        headers = {"Accept-Encoding": "gzip", **({"HX-Request": "true"} if page.htmx else {})}
        if client.get(path, headers=headers).status_code != 200:
            continue
        paths = [page.path.replace("{id}", str(i)) for i in files[:ROUNDS]] if page.rotate \
            else [path] * ROUNDS
        for warm in paths[:10]:
            client.get(warm, headers=headers)
        count[0] = 0
        started = time.process_time()
        for each in paths:
            client.get(each, headers=headers)
        spent = (time.process_time() - started) / len(paths)
        results[page.name] = {"cpu_ms": round(spent * 1000, 2),
                              "queries": round(count[0] / len(paths), 1)}
    facts.close()
    results[HELLO] = {"cpu_ms": _reference_cpu("hello", "/"), "queries": 0}
    results[FLOOR] = {"cpu_ms": _reference_cpu("floor", "/hello", sign_in="/sign-in"),
                      "queries": 1}
    json.dump(results, sys.stdout)


def _reference_cpu(module, path, sign_in=None):
    app = importlib.import_module(f"bench.{module}").app
    client = app.test_client()
    if sign_in:
        client.get(sign_in)
    for _ in range(50):
        client.get(path)
    started = time.process_time()
    for _ in range(ROUNDS * 20):
        client.get(path)
    return round((time.process_time() - started) / (ROUNDS * 20) * 1000, 3)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
