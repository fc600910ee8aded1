"""Instructions per request, counted by callgrind: the cost of each page that the
machine's other work does not move (CPU time in process does, by 5-30 % here).

The pages are served in process (Flask's test client, as bench/cpu.py), under
`valgrind --tool=callgrind` with instrumentation off; around each page's measured
requests the process turns it on and off (`callgrind_control`, through vgdb) and dumps
the counts, so start-up, sign-in and warm-up are not counted. The cost of the toggling
itself is measured the same way around nothing and taken off. Under callgrind a
request takes a second or more, so the sessions' "last seen" would be noted (a write)
far more often than the once a minute a real session is; the bench's sessions are
marked as seen a little ahead before each page, so every request counted, the
portal's and the reference's, is the common one that writes nothing.

    python -m bench.instructions <database url> [--rounds 10] [--only "File page" ...]
        -> JSON on stdout: {page: {"instructions": per request, "queries": per request}}
    ... --save NAME --size 10000: also bench/results/<date>-instructions-NAME.md and .json,
        with the machine, its load while counting, the commit, "x reference" and the
        change from the counts before the work (bench/results/instructions-before.json)
"""
import argparse
import glob
import importlib
import json
import os
import re
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from .client import CSRF
from .pages import PAGES, REFERENCES, TYPICAL, Facts, concrete
from .report import FLOOR, HELLO

TOTALS = re.compile(r"^totals:\s+(\d+)", re.M)
ROOT = Path(__file__).resolve().parent.parent
BEFORE = ROOT / "bench" / "results" / "instructions-before.json"
NOTHING = "(toggling only)"


def _toggle(*flags):
    for flag in flags:
        subprocess.run(["callgrind_control", *flag.split(), str(os.getpid())],
                       check=True, capture_output=True)


def _measured(name, requests, out):
    """Counts `requests()` alone: zero, on, run, off, dump (one file per page)."""
    _toggle("-z", "-i on")
    requests()
    _toggle("-i off", "-d")
    out.append(name)


def _seen_ahead(app, db):
    from sqlalchemy import update

    from eoffice.clock import utcnow
    from eoffice.models import UserSession

    with app.app_context():
        db.session.execute(update(UserSession).where(UserSession.ended_at.is_(None))
                           .values(last_seen_at=utcnow() + timedelta(minutes=10)))
        db.session.commit()


def _signed_in(app, user, password, sign_in_path=None):
    client = app.test_client()
    if sign_in_path:
        client.get(sign_in_path)
    elif user:
        token = CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
        client.post("/login", data={"username": user, "password": password,
                                    "csrf_token": token})
    return client


def child(url, password, rounds, only):
    os.environ["DATABASE_URL"] = url
    from sqlalchemy import event

    from eoffice.extensions import db

    from .portal import app  # as gunicorn serves it
    from .reference import app as reference
    from .reference import db as reference_db

    facts = Facts(url)
    files = facts.read_files(facts.post_of("heavy"))
    typical = facts.typical_desk()
    facts.close()
    queries = [0]
    for served, database in ((app, db), (reference, reference_db)):
        with served.app_context():
            event.listen(database.engine, "before_cursor_execute",
                         lambda *a: queries.__setitem__(0, queries[0] + 1))
    order, counted = [], {}
    _measured(NOTHING, lambda: None, order)
    clients = {}
    for page in [*PAGES, *REFERENCES]:
        if page.send or (only and page.name not in only):
            continue
        target = reference if page in REFERENCES else app
        key = (id(target), page.user)
        if key not in clients:
            user = typical if page.user == TYPICAL else page.user
            clients[key] = _signed_in(target, user, password,
                                      "/sign-in/" + page.user if target is reference else None)
        client = clients[key]
        headers = {"Accept-Encoding": "gzip", **({"HX-Request": "true"} if page.htmx else {})}
        paths = ([page.path.replace("{id}", str(i)) for i in files[:rounds]] if page.rotate
                 else [concrete(page.path, files)] * rounds)
        for path in paths[:5] + paths:  # warm: caches, first-visit openings
            assert client.get(path, headers=headers).status_code == 200, path
        _seen_ahead(app, db)
        queries[0] = 0

        def run(client=client, paths=paths, headers=headers):
            for path in paths:
                client.get(path, headers=headers)

        _measured(page.name, run, order)
        counted[page.name] = round(queries[0] / len(paths), 1)
    for module, path, sign_in in (("hello", "/", None), ("floor", "/hello", "/sign-in")):
        if only and (HELLO if module == "hello" else FLOOR) not in only:
            continue
        client = _signed_in(importlib.import_module(f"bench.{module}").app, None, None, sign_in)
        for _ in range(20):
            client.get(path)
        _measured(HELLO if module == "hello" else FLOOR,
                  lambda client=client, path=path: [client.get(path) for _ in range(rounds)],
                  order)
        counted[HELLO if module == "hello" else FLOOR] = 0 if module == "hello" else 1
    json.dump({"order": order, "rounds": rounds, "queries": counted}, sys.stdout)


def measure(url, password, rounds=10, only=(), python=sys.executable):
    """Runs the pages under callgrind; {page: {"instructions": n, "queries": q}}."""
    with tempfile.TemporaryDirectory(prefix="eoffice-callgrind-") as folder:
        out_file = os.path.join(folder, "callgrind.out")
        command = ["valgrind", "--tool=callgrind", "--instr-atstart=no",
                   f"--callgrind-out-file={out_file}", python, "-m", "bench.instructions",
                   "--child", url, "--password", password, "--rounds", str(rounds)]
        for name in only:
            command += ["--only", name]
        done = subprocess.run(command, capture_output=True, text=True,
                              cwd=ROOT,
                              env=dict(os.environ, DATABASE_URL=url))
        if done.returncode:
            raise RuntimeError(done.stderr[-3000:])
        told = json.loads(done.stdout.strip().splitlines()[-1])
        dumps = sorted(glob.glob(out_file + ".*"), key=lambda p: int(p.rsplit(".", 1)[1]))
        totals = [int(TOTALS.search(open(path).read()).group(1)) for path in dumps]
    if len(totals) != len(told["order"]):
        raise RuntimeError(f"{len(totals)} dumps for {len(told['order'])} pages")
    overhead = totals[0]
    return {name: {"instructions": round((total - overhead) / told["rounds"]),
                   "queries": told["queries"].get(name)}
            for name, total in zip(told["order"][1:], totals[1:])}


def _commit():
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True, cwd=ROOT)
    return done.stdout.strip() or "unknown"


def save(counts, name, size, load, commit=None):
    """The counts as a results table beside the machine and its load (instructions do
    not move with the load; the load says how long counting took, not what it found)."""
    from datetime import datetime, timezone

    from .machine import _cpu_model, _ram_gib, save_run
    from .report import _against

    before = json.loads(BEFORE.read_text()).get(str(size), {}) if BEFORE.exists() else {}
    run = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
           "commit": commit or _commit(), "items": size, "cpu": _cpu_model(), "nproc": os.cpu_count(),
           "ram_gib": _ram_gib(), "python": sys.version.split()[0],
           "valgrind": subprocess.run(["valgrind", "--version"], capture_output=True,
                                      text=True).stdout.strip(),
           "load_average": load, "before": before, "counts": counts}
    lines = [f"# Instructions per request ({name}), {run['date']}", "",
             f"Commit {run['commit']}, SQLite, {size:,} items; {run['cpu']}, {run['nproc']} "
             f"CPUs, {run['ram_gib']} GiB; Python {run['python']}, {run['valgrind']}. Counted "
             "in process by callgrind (`python -m bench.instructions`), 10 requests a page "
             "after a warm-up. The machine's one-minute load average while counting: "
             + (f"{load[0]:.1f} at the start, {load[1]:.1f} at the end" if load else "not kept")
             + " (other jobs; the counts do not move with it). Before: main 92cf640, before "
             "the work on the read pages.",
             "", "| Page | M instructions | queries | × reference | before (M) | change |",
             "|---|---:|---:|---:|---:|---:|"]
    for page, count in counts.items():
        own = count["instructions"]
        reference = counts.get(_against(page), {}).get("instructions")
        times = f"{own / reference:.2f}×" if reference and not page.startswith("Reference") else ""
        was = before.get(page)
        change = f"{was / 1e6:.2f} | {(own - was) / was:+.0%}" if was else " | "
        lines.append(f"| {page} | {own / 1e6:.2f} | {count['queries']} | {times} | {change} |")
    stem = f"{run['date'][:10]}-instructions-{name}"
    save_run(ROOT / "bench" / "results", stem, run, "\n".join(lines) + "\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--password", default=os.environ.get("EOFFICE_DEMO_PASSWORD",
                                                             "Demo@eOffice2026"))
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--save", metavar="NAME", help="write bench/results/<date>-instructions-NAME")
    parser.add_argument("--size", type=int, default=10000, help="items in the database (--save)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.url, args.password, args.rounds, set(args.only))
        return
    load = [os.getloadavg()[0]]
    counts = measure(args.url, args.password, args.rounds, args.only)
    load.append(os.getloadavg()[0])
    if args.save:
        save(counts, args.save, args.size, load)
        return
    json.dump(counts, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
