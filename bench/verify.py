"""`eoffice verify` on synthesised data: the time of each check, wall and CPU, beside a
reference in the same run (reading every row of the verified tables once, with nothing
computed), so the figure is a ratio that other work on the machine moves less than
seconds. The machine is often shared: its load before and after is in the results, and
CPU seconds (this process's own) are the figure to compare between runs.

    python -m bench.verify --items 1000000                 # SQLite under bench/work/
    python -m bench.verify --items 10000 --database-url postgresql+psycopg://...
    python -m bench.verify --items 1000000 --existing sqlite:///copy.db --instance DIR

The SQLite database is the one `make bench` synthesises (bench/work/sqlite-N.db, reused
while the synthesiser and the schema are unchanged). `--existing` verifies a database
synthesised before (e.g. a copy, upgraded with `flask db upgrade`) whose keys are in
`--instance`. Results: bench/results/<date>-verify-<db>-<items>.md and .json.
"""
import argparse
import json
import os
import platform
import resource
import sys
import time
from datetime import date, datetime, timezone

from .machine import _cpu_model, _ram_gib
from .run import ROOT, WORK, prepare

TABLES = ("audit_event", "movement", "efile", "receipt", "note", "signature", "attachment")


def _cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def machine_load():
    """The load average and, where the kernel reports it, the share of time runnable
    tasks waited for a core (PSI), over the last minute."""
    load = os.getloadavg()
    facts = {"loadavg_1_5_15": [round(x, 2) for x in load]}
    try:
        with open("/proc/pressure/cpu") as pressure:
            some = pressure.readline().split()
        facts["cpu_pressure_avg60"] = float(some[2].split("=")[1])
    except (OSError, IndexError, ValueError):
        pass
    return facts


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(url, instance, jobs=1):
    """{counts, reference, total, checks: [(check, wall s, cpu s)], problems, load}."""
    os.environ["DATABASE_URL"] = url
    from sqlalchemy import func, select, text

    from eoffice import create_app
    from eoffice.extensions import db
    from eoffice.integrity.checks import run_checks

    app = create_app()
    app.instance_path = instance
    counts, timed = {}, []
    load_before = machine_load()
    with app.app_context():
        for table in TABLES:
            counts[table] = db.session.scalar(select(func.count()).select_from(
                db.metadata.tables[table]))
        started, cpu = time.perf_counter(), _cpu()
        connection = db.session.connection()
        for table in TABLES:  # the reference: every row fetched once
            for _row in connection.execute(text(f"SELECT * FROM {table}")
                                           .execution_options(yield_per=5000)):
                pass
        reference = (time.perf_counter() - started, _cpu() - cpu)
        db.session.rollback()

        started_all, cpu_all = time.perf_counter(), _cpu() + _children_cpu()
        results = run_checks(jobs=jobs, timings=timed)
        total = (time.perf_counter() - started_all, _cpu() + _children_cpu() - cpu_all)
    return {"counts": counts, "reference": reference, "total": total, "checks": timed,
            "problems": {name: len(found) for name, found in results},
            "found": {name: found[:5] for name, found in results if found},
            "load": {"before": load_before, "after": machine_load()}, "jobs": jobs}


def machine():
    return {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "nproc": os.cpu_count(), "cpu": _cpu_model(), "ram_gib": _ram_gib(),
            "python": platform.python_version()}


def report(items, dialect, result, synth_seconds, facts, origin):
    wall, cpu = result["total"]
    ref_wall, ref_cpu = result["reference"]
    load = result["load"]
    jobs = result["jobs"]
    lines = [f"# verify on {items:,} synthesised items ({dialect}, {date.today()})"
             + (f", --jobs {jobs}" if jobs > 1 else ""), "",
             f"Machine: {facts['cpu']}, {facts['nproc']} cores, {facts['ram_gib']} GiB, "
             f"Python {facts['python']}; {facts['date']}.",
             f"Load (1/5/15 min) before {load['before']['loadavg_1_5_15']}, after "
             f"{load['after']['loadavg_1_5_15']}"
             + (f"; CPU pressure (share of the last minute tasks waited for a core) "
                f"{load['before'].get('cpu_pressure_avg60')} % before, "
                f"{load['after'].get('cpu_pressure_avg60')} % after"
                if "cpu_pressure_avg60" in load["before"] else "") + ".",
             "The machine is shared: wall time moves with its load, CPU time (this "
             "process's) much less."
             + (f" With --jobs {jobs} each check's times are its worker's, the checks "
                "overlap, and the total's wall time is the elapsed time, its CPU time all "
                "workers'." if jobs > 1 else ""), "",
             "| rows | " + " | ".join(result["counts"]) + " |",
             "|---|" + "---|" * len(result["counts"]),
             "| | " + " | ".join(f"{n:,}" for n in result["counts"].values()) + " |", "",
             f"Data: {origin}. Synthesis: {synth_seconds}", "",
             "| what | wall s | cpu s | × reference (cpu) |", "|---|---|---|---|",
             f"| reference: every row of these tables read once | {ref_wall:.1f} | "
             f"{ref_cpu:.1f} | 1.0 |"]
    for name, seconds, cpu_seconds in result["checks"]:
        lines.append(f"| {name} | {seconds:.1f} | {cpu_seconds:.1f} | "
                     f"{cpu_seconds / ref_cpu:.1f} |")
    lines.append(f"| **verify, all checks** | **{wall:.1f}** | **{cpu:.1f}** | "
                 f"{cpu / ref_cpu:.1f} |")
    broken = {name: n for name, n in result["problems"].items() if n}
    lines += ["", f"Problems found: {broken or 'none'}"
              + (f" {result['found']}" if broken else " (synthesised data is honest).")]
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--existing", default="", help="verify this database as it is")
    parser.add_argument("--instance", default="", help="its keys (with --existing)")
    parser.add_argument("--origin", default="", help="how --existing was made, for the report")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tag", default="", help="added to the results' file names")
    parser.add_argument("--jobs", type=int, default=1, help="verify --jobs: worker processes")
    args = parser.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    instance = args.instance or str(WORK / "instance")
    # as bench.run: the keys are the ones kept in bench/work/instance, so either command
    # reads the database the other synthesised
    env = {**os.environ, "EOFFICE_INSTANCE": instance}
    env.pop("DATABASE_URL", None)
    os.environ["EOFFICE_INSTANCE"] = instance
    if args.existing:
        url, synth_seconds = args.existing, "not timed here"
        origin = args.origin or "synthesised before this run"
    else:
        url, synth_seconds = prepare(args.items, args.seed, args.database_url, env)
        origin = f"`eoffice synth --items {args.items} --seed {args.seed}`"
    result = measure(url, instance, args.jobs)
    dialect = "postgresql" if url.startswith("postgresql") else "sqlite"
    text = report(args.items, dialect, result, synth_seconds, machine(), origin)
    print(text)
    out = ROOT / "bench" / "results" / f"{date.today()}-verify-{dialect}-{args.items}" \
        f"{'-' + args.tag if args.tag else ''}"
    out.with_suffix(".md").write_text(text)
    out.with_suffix(".json").write_text(json.dumps({**result, "machine": machine(),
                                                    "origin": origin}, indent=1, default=str))
    return 0 if not any(result["problems"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
