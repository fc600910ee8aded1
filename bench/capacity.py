"""`make bench-capacity`: the highest request rate the portal serves under an
office-hours mix with p99 under 300 ms and no errors (bench/locustfile.py).

It picks the desks (hundreds of synthesised officials on their own posts, a few dozen
offices, each desk holding active files), serves the database with gunicorn (SQLite:
one gunicorn, a sync worker per core; PostgreSQL: `--hosts 2` gunicorns on one
database, the desks split between them), runs locust headless through rising offered
rates, and writes bench/results/<date>-capacity-<db>.md and .json (with locust's CSV
beside them in bench/work/): per step the achieved rate, p50/p95/p99, failures, the
machine's load and how many cores the servers and locust used.

    python -m bench.capacity --items 1000000                # SQLite under bench/work/
    python -m bench.capacity --database-url postgresql+psycopg://.../eoffice_bench --hosts 2
"""
import argparse
import json
import os
import random
import socket
import subprocess
import sys
from contextlib import ExitStack
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import create_engine, text

from . import machine
from .client import wait_until_up

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
BIN = Path(sys.executable).parent
P99_LIMIT_MS = 300
WORDS = ["land+records", "pension", "mutation", "domicile", "drinking+water", "court+case",
         "school+building", "macadamisation", "MGNREGA", "leave"]


def pick_desks(url, desks, offices, files_per_desk, seed):
    """Desks of the run: synthesised officials in the offices with the most posts that
    hold active files, a few from each office, each with the files it holds."""
    engine = create_engine(url)
    with engine.connect() as connection:
        held = connection.execute(text(
            "SELECT e.holder_post_id, count(*) FROM efile e WHERE e.status = 'active' "
            "GROUP BY e.holder_post_id HAVING count(*) >= 3")).all()
        eligible = {post for post, _ in held}
        people = connection.execute(text(
            "SELECT p.id, u.username, o.code FROM post p JOIN office o ON o.id = p.office_id "
            "JOIN post_holding h ON h.post_id = p.id JOIN user_account u ON u.id = h.user_id "
            "WHERE p.active AND u.active AND u.username LIKE '%.%.%' ORDER BY p.id")).all()
        by_office = {}
        for post, username, office in people:
            if post in eligible:
                by_office.setdefault(office, []).append((post, username))
        rng = random.Random(seed)
        chosen_offices = sorted(by_office, key=lambda code: -len(by_office[code]))[:offices]
        picked = []
        share = -(-desks // len(chosen_offices))
        for code in chosen_offices:
            for post, username in rng.sample(by_office[code], min(share, len(by_office[code]))):
                picked.append({"post": post, "username": username, "office": code})
        picked = picked[:desks]
        drafted = {}  # one pass over the notes (no index by post: a million rows)
        for post, efile_id in connection.execute(text(
                "SELECT DISTINCT post_id, efile_id FROM note WHERE status = 'draft'")):
            drafted.setdefault(post, []).append(efile_id)
        for desk in picked:
            desk["files"] = [row[0] for row in connection.execute(text(
                "SELECT id FROM efile WHERE holder_post_id = :post AND status = 'active' "
                "ORDER BY id DESC LIMIT :n"), {"post": desk["post"], "n": files_per_desk})]
            desk["drafted"] = sorted(drafted.get(desk["post"], []))
    engine.dispose()
    for index, desk in enumerate(picked):
        desk["colleagues"] = [i for i, other in enumerate(picked)
                              if other["office"] == desk["office"] and i != index] or \
            [i for i in range(len(picked)) if i != index]
    return picked


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    def __init__(self, env, workers, access_log=""):
        self.port = free_port()
        logging = ["--access-logfile", access_log, "--access-logformat",
                   '%(t)s %(p)s "%(r)s" %(s)s %(M)s'] if access_log else []
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--workers", str(workers), "--bind",
             f"127.0.0.1:{self.port}", "--limit-request-line", "8190", "--log-level",
             "warning", *logging, "app:app"], cwd=ROOT, env=env, start_new_session=True)

    def __enter__(self):
        wait_until_up(self.port, "/healthz", seconds=120)
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=60)


def data_set(args, env):
    """The synthesised database: the file or PostgreSQL database named when it holds
    data already, else synthesised as `make bench` does (SQLite files are reused)."""
    if args.sqlite:
        return f"sqlite:///{Path(args.sqlite).resolve()}"
    if args.database_url and synthesised(args.database_url):
        return args.database_url
    from .run import prepare
    return prepare(args.items, args.seed, args.database_url, env)[0]


def synthesised(url):
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return bool(connection.execute(text(
                "SELECT count(*) FROM (SELECT 1 FROM org_unit LIMIT 1) AS one")).scalar())
    except Exception:  # no schema yet
        return False
    finally:
        engine.dispose()


def run(args):
    instance = args.instance or str(WORK / "instance")
    env = dict(os.environ, EOFFICE_INSTANCE=instance, EOFFICE_SECURE_COOKIES="0",
               EOFFICE_LOGIN_RATE_LIMIT="100000 per minute",
               EOFFICE_DEMO_PASSWORD=args.password, PYTHONPATH=str(ROOT))
    env.pop("DATABASE_URL", None)
    url = data_set(args, env)
    env["DATABASE_URL"] = url
    kind = "postgresql" if url.startswith("postgresql") else "sqlite"
    desks = pick_desks(url, args.desks, args.offices, args.files_per_desk, args.seed)
    stamp = datetime.now(timezone.utc)
    stem = f"{stamp:%Y-%m-%d}-{args.name or 'capacity-' + kind}"
    steps_path = WORK / f"{stem}-steps.json"
    load_before = os.getloadavg()
    with ExitStack() as stack:
        servers = [stack.enter_context(Gunicorn(
            env, args.workers, args.access_log and f"{args.access_log}.{host}"))
            for host in range(args.hosts)]
        plan = {"desks": desks, "password": args.password, "steps": args.steps,
                "settle_seconds": args.settle, "first_settle_seconds": args.first_settle,
                "step_seconds": args.step_seconds,
                "spawn_rate": args.spawn_rate, "words": WORDS, "out": str(steps_path),
                "hosts": [f"http://127.0.0.1:{s.port}" for s in servers],
                "server_pids": [s.process.pid for s in servers]}
        plan_path = WORK / f"{stem}-plan.json"
        plan_path.write_text(json.dumps(plan))
        print(f"{len(desks)} desks in {len({d['office'] for d in desks})} offices, "
              f"{args.hosts} gunicorn × {args.workers} workers; steps {args.steps} req/s",
              flush=True)
        subprocess.run(
            [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
             "--csv", str(WORK / stem), "--loglevel", "WARNING", "--stop-timeout", "10",
             "--host", plan["hosts"][0]],
            cwd=ROOT, env=dict(env, BENCH_CAPACITY_PLAN=str(plan_path)), check=False)
    steps = json.loads(steps_path.read_text())["steps"]
    result = {"machine": machine.facts(argparse.Namespace(
                  workers=args.workers, threads=0, connections=0, duration=0)),
              "database": machine.database_facts(url), "items": args.items,
              "hosts": args.hosts, "workers": args.workers, "desks": len(desks),
              "offices": len({d["office"] for d in desks}), "settle_seconds": args.settle,
              "first_settle_seconds": args.first_settle,
              "step_seconds": args.step_seconds, "load_before": [round(x, 2) for x in load_before],
              "steps": steps, "capacity": capacity(steps)}
    if kind == "sqlite":
        from config import Config  # as the servers read it from the same environment

        result["sqlite"] = {"cache_mb": Config.SQLITE_CACHE_MB, "mmap_mb": Config.SQLITE_MMAP_MB}
    result["machine"]["load"] = "locust (FastHttpUser), paced desks, on the same machine"
    result["machine"]["gunicorn_settings"] = (f"{args.hosts} × gunicorn, sync workers × "
                                              f"{args.workers}, 127.0.0.1")
    out = Path(args.out)
    (out / f"{stem}.json").write_text(json.dumps(result, indent=1, default=str))
    (out / f"{stem}.md").write_text(markdown(result))
    print(markdown(result))
    return result


def passes(step):
    return step["p99_ms"] < P99_LIMIT_MS and step["failures"] == 0


def capacity(steps):
    """The highest achieved rate among the steps that kept p99 < 300 ms with no error."""
    good = [step for step in steps if passes(step)]
    return max(good, key=lambda step: step["rps"])["rps"] if good else None


def markdown(result):
    m, db = result["machine"], result["database"]
    lines = [f"# Capacity under an office-hours mix: {db['engine']}, {result['items']:,} items",
             "", f"{m['date']}; {m['nproc']} cores ({m['cpu']}), {m['ram_gib']} GiB RAM; "
             f"{m['gunicorn_settings']}; {db['engine']} {db['version']}; locust on the same "
             f"machine. One-minute load average before the run "
             f"{result['load_before'][0]}." + _sqlite_settings(result), "",
             f"{result['desks']} officials signed in, each on their own post, in "
             f"{result['offices']} offices; about 75 % reads (inbox and its htmx refresh, "
             "file page, history, search, the office dashboard) and 25 % writes (diarise, "
             "send, note, open an arrived file), paced (bench/locustfile.py). Each step "
             f"settles for {result['settle_seconds']} s (the first "
             f"{max(result['settle_seconds'], result.get('first_settle_seconds', 0))} s, "
             "after the sign-ins), then is measured for "
             f"{result['step_seconds']} s.", "",
             f"**Capacity: {result['capacity']} requests/s** with p99 < {P99_LIMIT_MS} ms "
             "and no errors." if result["capacity"] else
             f"**No step kept p99 < {P99_LIMIT_MS} ms with no errors.**", "",
             "| offered req/s | achieved req/s | p50 ms | p95 ms | p99 ms | max ms | errors "
             "| load avg | cores: servers | locust | whole machine |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for s in result["steps"]:
        lines.append(f"| {s['offered_rps']} | {s['rps']} | {s['p50_ms']} | {s['p95_ms']} | "
                     f"{s['p99_ms']} | {s['max_ms']} | {s['failures']} | {s['load_average']} "
                     f"| {s['cores_servers']} | {s['cores_locust']} | {s['cores_machine']} |")
    best = [s for s in result["steps"] if passes(s) and s["rps"] == result["capacity"]]
    shown = best[0] if best else (result["steps"][-1] if result["steps"] else None)
    if shown:
        lines += ["", f"By kind of request at {shown['offered_rps']} req/s offered:", "",
                  "| request | share | p50 ms | p99 ms | errors |", "|---|---:|---:|---:|---:|"]
        total = max(shown["requests"], 1)
        for name, kind in shown["kinds"].items():
            lines.append(f"| {name} | {kind['requests'] / total:.1%} | {kind['p50_ms']} | "
                         f"{kind['p99_ms']} | {kind['failures']} |")
    errors = {k: v for s in result["steps"] for k, v in s["errors"].items()}
    if errors:
        lines += ["", "Errors seen:", ""] + [f"- {v} × {k}" for k, v in errors.items()]
    return "\n".join(lines) + "\n"


def _sqlite_settings(result):
    settings = result.get("sqlite")
    if not settings:
        return ""
    cache = f"{settings['cache_mb']:g} MB" if settings["cache_mb"] else "SQLite's own (2 MB)"
    return (f" SQLite's page cache per connection {cache}, memory map "
            f"{settings['mmap_mb']} MB (EOFFICE_SQLITE_CACHE_MB, EOFFICE_SQLITE_MMAP_MB).")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--sqlite", default="", help="an SQLite file synthesised before")
    parser.add_argument("--instance", default="",
                        help="folder of the data set's keys (default bench/work/instance)")
    parser.add_argument("--items", type=int, default=1_000_000, help="for the report")
    parser.add_argument("--hosts", type=int, default=1)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--desks", type=int, default=300)
    parser.add_argument("--offices", type=int, default=40)
    parser.add_argument("--files-per-desk", type=int, default=30)
    parser.add_argument("--steps", type=int, nargs="+",
                        default=[100, 150, 200, 250, 275, 300, 325, 350, 400])
    parser.add_argument("--settle", type=int, default=10)
    parser.add_argument("--first-settle", type=int, default=30,
                        help="seconds the first step settles (the sign-ins' queue drains)")
    parser.add_argument("--step-seconds", type=int, default=60)
    # sign-ins a second: each hashes a password (argon2, ~0.3 s of a core); faster than
    # the two cores hash them, they queue into timeouts and retries
    parser.add_argument("--spawn-rate", type=float, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--password", default=os.environ.get("EOFFICE_DEMO_PASSWORD",
                                                             "Demo@eOffice2026"))
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    parser.add_argument("--access-log", default="",
                        help="each gunicorn's access log (with ms per request) at PATH.<host>")
    parser.add_argument("--name", default="",
                        help="results file name after the date (default capacity-<database>)")
    args = parser.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    run(args)


if __name__ == "__main__":
    main()
