"""`eoffice verify` on synthesised data: the time of each check, beside a reference in the
same run (reading every row of the verified tables once, with nothing computed), so the
figure is a ratio that other work on the machine moves less than seconds.

    python -m bench.verify --items 1000000                 # SQLite under bench/work/
    python -m bench.verify --items 10000 --database-url postgresql+psycopg://...

The SQLite database is the one `make bench` synthesises (bench/work/sqlite-N.db, reused
while the synthesiser and the schema are unchanged). Results: bench/results/<date>-verify-
<db>-<items>.md and .json.
"""
import argparse
import json
import os
import resource
import sys
import time
from datetime import date

from .run import ROOT, WORK, prepare

TABLES = ("audit_event", "movement", "efile", "receipt", "note", "signature", "attachment")


def _cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(url, instance):
    """[(check, seconds wall, seconds cpu, problems)] and the reference read."""
    os.environ["DATABASE_URL"] = url
    from sqlalchemy import func, select, text

    from eoffice import create_app
    from eoffice.extensions import db
    from eoffice.integrity import checks, run_checks

    app = create_app()
    app.instance_path = instance
    timings, counts = [], {}
    with app.app_context():
        for table in TABLES:
            counts[table] = db.session.scalar(select(func.count()).select_from(
                db.metadata.tables[table]))
        started, cpu = time.perf_counter(), _cpu()
        for table in TABLES:  # the reference: every row fetched once
            for _row in db.session.execute(text(f"SELECT * FROM {table}")).yield_per(5000):
                pass
        reference = (time.perf_counter() - started, _cpu() - cpu)
        db.session.rollback()
        original = checks.BUILT_IN
        started_all, cpu_all = time.perf_counter(), _cpu()
        timed = []

        def timing(name, fn):
            def run():
                begun, cpu_begun = time.perf_counter(), _cpu()
                try:
                    return fn()
                finally:
                    timed.append((name, time.perf_counter() - begun, _cpu() - cpu_begun))
            return run

        checks.BUILT_IN = [(name, timing(name, fn)) for name, fn in original]
        try:
            results = run_checks()
        finally:
            checks.BUILT_IN = original
        total = (time.perf_counter() - started_all, _cpu() - cpu_all)
    problems = {name: len(found) for name, found in results}
    known = {name for name, _w, _c in timed}
    rest = total[0] - sum(w for _n, w, _c in timed)
    timings = [*timed, ("seals, notes, signatures, anchors (the rest)", rest,
                        total[1] - sum(c for _n, _w, c in timed))]
    return {"counts": counts, "reference": reference, "total": total, "checks": timings,
            "problems": problems, "known": sorted(known)}


def report(items, dialect, result, synth_seconds):
    wall, cpu = result["total"]
    ref_wall, ref_cpu = result["reference"]
    lines = [f"# verify on {items:,} synthesised items ({dialect}, {date.today()})", "",
             "| rows | " + " | ".join(result["counts"]) + " |",
             "|---|" + "---|" * len(result["counts"]),
             "| | " + " | ".join(f"{n:,}" for n in result["counts"].values()) + " |", "",
             f"Synthesis: {synth_seconds}", "",
             "| what | wall s | cpu s | × reference (wall) |", "|---|---|---|---|",
             f"| reference: every row of these tables read once | {ref_wall:.1f} | "
             f"{ref_cpu:.1f} | 1.0 |"]
    for name, seconds, cpu_seconds in result["checks"]:
        lines.append(f"| {name} | {seconds:.1f} | {cpu_seconds:.1f} | "
                     f"{seconds / ref_wall:.1f} |")
    lines.append(f"| **verify, all checks** | **{wall:.1f}** | {cpu:.1f} | "
                 f"{wall / ref_wall:.1f} |")
    broken = {name: n for name, n in result["problems"].items() if n}
    lines += ["", f"Problems found: {broken or 'none'} (synthesised data is honest)."]
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    # as bench.run: the keys are the ones kept in bench/work/instance, so either command
    # reads the database the other synthesised
    env = {**os.environ, "EOFFICE_INSTANCE": str(WORK / "instance")}
    env.pop("DATABASE_URL", None)
    os.environ["EOFFICE_INSTANCE"] = env["EOFFICE_INSTANCE"]
    url, synth_seconds = prepare(args.items, args.seed, args.database_url, env)
    result = measure(url, str(WORK / "instance"))
    dialect = "postgresql" if url.startswith("postgresql") else "sqlite"
    text = report(args.items, dialect, result, synth_seconds)
    print(text)
    out = ROOT / "bench" / "results" / f"{date.today()}-verify-{dialect}-{args.items}"
    out.with_suffix(".md").write_text(text)
    out.with_suffix(".json").write_text(json.dumps(result, indent=1, default=str))
    return 0 if not any(result["problems"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
