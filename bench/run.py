"""`make bench`: synthesise each data size, serve it with gunicorn on loopback, load it
with wrk next to the bare-stack reference inbox on the same database (bench/reference.py),
a bare Flask "hello" and a signed-in hello on the bare stack (bench/floor.py), all under
the same settings; count each page's instructions per request with callgrind
(bench/instructions.py); and write the results table to bench/results/<date>-<db>.md
and .json.

    python -m bench.run --sizes 10000 1000000            # SQLite under bench/work/
    python -m bench.run --sizes 10000 --database-url postgresql+psycopg://...
"""
import argparse
import hashlib
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

from . import instructions, machine, pages, report, wrk
from .client import Client, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
# instructions per request before the work on the pages, per size: the file page's and
# dashboard's targets are cuts from these
BEFORE = ROOT / "bench" / "results" / "instructions-before.json"
PYTHON = sys.executable
BIN = Path(PYTHON).parent
BOOT_SECONDS = 6


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def flask(env, *args):
    subprocess.run([str(BIN / "flask"), "--app", "app", *args], cwd=ROOT, env=env, check=True)


def synth_stamp(size, seed):
    """Changes when the synthesiser or the size change: then rebuild. A kept file is
    brought up to newer migrations with `flask db upgrade` (a million items take long to
    synthesise; a migration takes seconds)."""
    digest = hashlib.sha256(f"{size}/{seed}".encode())
    for path in sorted(ROOT.glob("eoffice/synth/*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def database_for(database_url, size, several):
    """The PostgreSQL database a size is synthesised into: the one named, or with several
    sizes `<name>_<size>` beside it (created if missing), so each size keeps its own."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    if not several:
        return database_url
    url = make_url(database_url)
    name = f"{url.database}_{size}"
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                 {"name": name}):
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def instance_for(size, url=""):
    """The folder of a data set's keys: `bench/work/instance-<kind>-<size>` when it was
    brought from elsewhere with its own keys, else the bench's own."""
    own = WORK / f"instance-{'postgresql' if url.startswith('postgresql') else 'sqlite'}-{size}"
    return str(own if own.is_dir() else WORK / "instance")


def has_data(url):
    """Whether a PostgreSQL database holds a synthesised data set already."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return bool(connection.scalar(text("SELECT count(*) FROM (SELECT 1 FROM org_unit "
                                               "LIMIT 1) AS one")))
    except Exception:  # no schema yet
        return False
    finally:
        engine.dispose()


def prepare(size, seed, database_url, env, keep=False):
    """A synthesised database of `size` items; SQLite files are kept and reused while
    the synthesiser and the schema are unchanged, PostgreSQL ones with `keep`."""
    env = dict(env, EOFFICE_INSTANCE=instance_for(size, database_url))
    if database_url and keep and has_data(database_url):
        print(f"reusing {database_url.rsplit('/', 1)[-1]}")
        flask(dict(env, DATABASE_URL=database_url), "db", "upgrade")
        return database_url, None
    if database_url:
        from sqlalchemy import create_engine, text

        engine = create_engine(database_url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
        url = database_url
    else:
        path = WORK / f"sqlite-{size}.db"
        stamp = WORK / f"sqlite-{size}.stamp"
        url = f"sqlite:///{path}"
        if path.exists() and stamp.exists() and stamp.read_text() == synth_stamp(size, seed):
            print(f"reusing {path.name}")
            flask(dict(env, DATABASE_URL=url), "db", "upgrade")
            timing = WORK / f"sqlite-{size}.synth.json"
            return url, json.loads(timing.read_text()) if timing.exists() else None
        for leftover in WORK.glob(f"sqlite-{size}.db*"):
            leftover.unlink()
    env = dict(env, DATABASE_URL=url)
    flask(env, "db", "upgrade")
    started, cpu = time.perf_counter(), _children_cpu()
    flask(env, "eoffice", "synth", "--items", str(size), "--seed", str(seed))
    seconds = {"wall": round(time.perf_counter() - started, 1),
               "cpu": round(_children_cpu() - cpu, 1)}
    if not database_url:
        stamp.write_text(synth_stamp(size, seed))
        (WORK / f"sqlite-{size}.synth.json").write_text(json.dumps(seconds))
    return url, seconds


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Server:
    def __init__(self, app, port, env, workers, up_path="/"):
        self.port, self.up_path = port, up_path
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
             "--log-level", "warning", app], cwd=ROOT, env=env, start_new_session=True)

    def __enter__(self):
        wait_until_up(self.port, self.up_path)
        time.sleep(BOOT_SECONDS)  # the other workers are still importing the app
        return self

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def bench(args, env):
    """Every size served at once; page by page, each size in turn, with the references
    (hello, the signed-in floor and each size's reference inbox) measured before the
    first page and after the last, so the machine's other work weighs on all alike."""
    sizes = []
    for size in args.sizes:
        database_url = args.database_url_for.get(size) or (
            args.database_url and database_for(args.database_url, size, len(args.sizes) > 1))
        url, synth_seconds = prepare(size, args.seed, database_url, env, args.keep_data)
        sizes.append({"items": size, "synth_seconds": synth_seconds, "url": url, "pages": [],
                      "hello_runs": [], "floor_runs": [], "reference_runs": []})
    settings = {"duration": args.duration, "connections": args.connections,
                "threads": args.threads}
    hello_port, floor_port = free_port(), free_port()
    with ExitStack() as servers:
        servers.enter_context(Server("bench.hello:app", hello_port, env, args.workers))
        servers.enter_context(Server("bench.floor:app", floor_port, env, args.workers))
        floor_client = Client(floor_port)
        floor_client.get("/sign-in")
        for size in sizes:
            size["port"], size["reference_port"] = free_port(), free_port()
            size_env = size["env"] = dict(env, DATABASE_URL=size["url"],
                                          EOFFICE_INSTANCE=instance_for(size["items"],
                                                                        size["url"]))
            servers.enter_context(Server("bench.portal:app", size["port"], size_env,
                                         args.workers))
            servers.enter_context(Server("bench.reference:app", size["reference_port"],
                                         size_env, args.workers, up_path="/inbox"))
            size["facts"] = pages.Facts(size["url"])
            size["clients"] = pages.sign_in_all(size["port"], args.password, size["facts"])
            size["reference_client"] = Client(size["reference_port"])
            size["reference_client"].get("/sign-in/heavy")

        def references():
            hello = _hello(hello_port, settings)
            floor = _floor(floor_port, floor_client.cookie, settings)
            for size in sizes:
                size["hello_runs"].append(hello)
                size["floor_runs"].append(floor)
                print(f"  {size['items']:>9,} items · reference inbox", flush=True)
                size["reference_runs"].append(_reference(size, settings))

        references()
        for page in pages.PAGES:
            if args.key_only and not page.key:
                continue
            for size in sizes:
                print(f"  {size['items']:>9,} items · {page.name}", flush=True)
                result = pages.measure(page, size["port"], size["clients"], size["facts"],
                                       settings, str(WORK))
                result["hello_rps"] = size["hello_runs"][-1]["rps"]
                size["pages"].append(result)
        references()
        for size in sizes:
            size["fragments"] = pages.weigh_fragments(size["port"], size["clients"], size["facts"])
    print("wrk done: CPU time and instructions per request follow (load-independent)",
          flush=True)
    for size in sizes:
        if not args.skip_cpu:
            size["cpu"] = cpu_per_request(size["url"], args.password, size["env"])
        if not args.skip_instructions:
            size["instructions"] = instructions.measure(size["url"], args.password,
                                                        args.instruction_rounds)
    for size in sizes:
        size["facts"].close()
        size["hello"] = _median_run(size.pop("hello_runs"))  # stands for the reference
        size["floor"] = _median_run(size.pop("floor_runs"))
        size["reference"] = _mean_run(size.pop("reference_runs"))
        size["database"] = machine.database_facts(size.pop("url"))
        for key in ("port", "reference_port", "facts", "clients", "reference_client", "env"):
            size.pop(key)
    return sizes


def cpu_per_request(url, password, env):
    out = subprocess.run([PYTHON, "-m", "bench.cpu", url, password], cwd=ROOT, check=True,
                         env=dict(env, DATABASE_URL=url), capture_output=True, text=True)
    return json.loads(out.stdout)


def _hello(port, settings):
    return dict(page=report.HELLO, available=True,
                **wrk.run(port, wrk.rotating_script(["/"]), str(WORK), "hello", **settings))


def _floor(port, cookie, settings):
    script = wrk.rotating_script(["/hello"], cookie)
    return dict(page=report.FLOOR, available=True,
                **wrk.run(port, script, str(WORK), "floor", **settings))


def _reference(size, settings):
    script = wrk.rotating_script(["/inbox"], size["reference_client"].cookie)
    return dict(page=report.REFERENCE, available=True,
                **wrk.run(size["reference_port"], script, str(WORK), "reference", **settings))


def _median_run(runs):
    return sorted(runs, key=lambda run: run["rps"])[len(runs) // 2]


def _mean_run(runs):
    """The reference's figures as the mean of its runs before and after the pages."""
    mean = dict(runs[0])
    for key in ("rps", "p50_ms", "p99_ms"):
        mean[key] = round(sum(run[key] for run in runs) / len(runs), 2)
    mean["status_errors"] = sum(run["status_errors"] for run in runs)
    return mean


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 1_000_000])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--database-url-for", action="append", default=[],
                        metavar="SIZE=URL", help="the database of one size (PostgreSQL)")
    parser.add_argument("--keep-data", action="store_true",
                        help="serve a PostgreSQL database that holds data as it is (upgraded)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    # one sync worker per core: with SQLite in the page cache a request never waits on
    # I/O, so more workers only take turns on the cores (+20-40 % throughput against
    # 2 x cores + 1 here, and a tighter p99); PostgreSQL on another host wants more
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip-instructions", action="store_true",
                        help="no callgrind counts (they take minutes per size)")
    parser.add_argument("--skip-cpu", action="store_true",
                        help="no in-process CPU time per request (a minute or two per size)")
    parser.add_argument("--instruction-rounds", type=int, default=10)
    parser.add_argument("--key-only", action="store_true",
                        help="only the pages compared across sizes")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    parser.add_argument("--name", default="",
                        help="results file name after the date (default: the database kind)")
    parser.add_argument("--prepare-only", action="store_true", help="synthesise, measure nothing")
    parser.add_argument("--password", default=os.environ.get("EOFFICE_DEMO_PASSWORD",
                                                             "Demo@eOffice2026"))
    args = parser.parse_args(argv)
    args.database_url_for = {int(size): url for size, url in
                             (pair.split("=", 1) for pair in args.database_url_for)}
    args.database_url = args.database_url or next(iter(args.database_url_for.values()), "")
    WORK.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, EOFFICE_INSTANCE=str(WORK / "instance"), EOFFICE_SECURE_COOKIES="0",
               BENCH_REFERENCE_SECRET=os.urandom(16).hex(),
               EOFFICE_LOGIN_RATE_LIMIT="1000 per minute", EOFFICE_DEMO_PASSWORD=args.password,
               PYTHONPATH=str(ROOT))
    env.pop("DATABASE_URL", None)
    run = {"machine": machine.facts(args), "settings": vars(args), "sizes": [],
           "before": json.loads(BEFORE.read_text()) if BEFORE.exists() else {}}
    if args.prepare_only:
        for size in args.sizes:
            prepare(size, args.seed, args.database_url_for.get(size, args.database_url), env,
                    args.keep_data)
        return
    run["sizes"] = bench(args, env)
    kind = "postgresql" if args.database_url else "sqlite"
    paths = report.write(run, Path(args.out), kind, args.name)
    print("\n".join(str(p) for p in paths))


if __name__ == "__main__":
    main()
