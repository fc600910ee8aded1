"""`make bench-writes`: each write action's cost as "x write reference", in process.

Diarise (page and API), send and note (bench/actions.py) against the bare-stack write
reference (bench/write_reference.py), on copies of the same synthesised database:
instructions per action under callgrind (load-independent, the figure the target is
read from; each kind of action counted alone on its own fresh copy, so that its count
depends on nothing else the bench wrote, action by action: mean, median and max, see
bench/writes.py) and CPU time per action (all kinds in turn on one copy). Send and note,
which are form posts, are read against the reference's form post. Results:
bench/results/<date>-writes-<db>-<items>[-name].md, .json.

    python -m bench.write_bench --items 10000 [--jobs 2] [--name NAME]
        [--database-url postgresql+psycopg://...]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

from . import machine
from .actions import ACTIONS, ReferenceActions
from .instructions import _commit
from .run import WORK, prepare

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_OF = {"Diarise a receipt (API)": "Diarise a receipt (API)"}
FORM_REFERENCE = "Diarise a receipt (page)"
TARGET = 2.0


def anchor_log(url):
    """A SQLite copy keeps its own anchor log beside it: copies of one database share
    their first audit events and part ways after, so anchors one copy wrote would name
    events another never had (`verify` with EOFFICE_ANCHOR_LOG=<copy>.anchors)."""
    return url.removeprefix("sqlite:///") + ".anchors" if url.startswith("sqlite") else None


def run_writes(url, password, which, rounds, instructions, env, only=()):
    if anchor_log(url):
        env = dict(env, EOFFICE_ANCHOR_LOG=anchor_log(url))
    command = [sys.executable, "-m", "bench.writes", url, password, "--app", which,
               "--rounds", str(rounds)]
    if instructions:
        command.append("--instructions")
    if only:
        command += ["--only", *only]
    out = subprocess.run(command, cwd=ROOT, env=dict(env, DATABASE_URL=url), check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout)


def working_copy(url, items, name="writes"):
    """SQLite: a copy, so the bench's receipts never land in the kept synthesised file."""
    if url.startswith("postgresql"):
        return url
    source = Path(url.removeprefix("sqlite:///"))
    copy = WORK / f"{name}-{items}.db"
    for leftover in WORK.glob(f"{name}-{items}.db*"):
        leftover.unlink()
    shutil.copyfile(source, copy)
    return f"sqlite:///{copy}"


def compare(portal, reference):
    rows = []
    for name in ACTIONS:
        if name not in portal:
            continue
        ref = reference[REFERENCE_OF.get(name, FORM_REFERENCE)]
        row = {"action": name, **portal[name],
               "reference_cpu_ms": ref["cpu_ms"],
               "x_reference_cpu": round(portal[name]["cpu_ms"] / ref["cpu_ms"], 2)}
        if "instructions_m" in portal[name]:
            row.update(reference_instructions_m=ref["instructions_m"],
                       x_reference=round(portal[name]["instructions_m"]
                                         / ref["instructions_m"], 2),
                       reference_median_instructions_m=ref["median_instructions_m"],
                       x_reference_median=round(portal[name]["median_instructions_m"]
                                                / ref["median_instructions_m"], 2))
        rows.append(row)
    return rows


def markdown(run):
    lines = [f"# Write actions against the write reference, {run['database']['engine']}, "
             f"{run['items']:,} items", "",
             f"{run['machine']['date']}, commit {run['commit']}; {run['machine']['nproc']} "
             f"cores ({run['machine']['cpu']}), {run['machine']['ram_gib']} GiB; one-minute "
             f"load average {run['load_before']} before, {run['load_after']} after; Python "
             f"{run['machine']['python']}, {run['database']['engine']} "
             f"{run['database']['version']}.", "",
             "In process (Flask's test client), after a warm-up of 10 actions. Instructions "
             f"per action are callgrind's count of {run['instruction_rounds']} actions, each "
             "kind on a fresh copy of the synthesised database (SQLite), counted one by one: "
             "the mean is what a write costs with the periodic work it brings (WAL "
             "checkpoints, full-text segment merges) at the rate it comes, the median the "
             "typical action without it, the max the dearest action. Counts do not move with "
             "the machine's other work. CPU ms is process time over "
             f"{run['cpu_rounds']} actions on one copy. The reference writes the receipt, its "
             "movement and its sealed audit event in one transaction on the bare stack "
             "(bench/write_reference.py); send and note are read against its form post. The "
             "target is read from the mean.", "",
             "| Action | M instructions (mean) | reference | × reference | median | reference "
             "| × reference | max | CPU ms | reference | × reference (CPU) | target ≤ 2× |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|"]
    for row in run["actions"]:
        ratio = row.get("x_reference", row["x_reference_cpu"])
        lines.append(
            f"| {row['action']} | {row.get('instructions_m', '—')} | "
            f"{row.get('reference_instructions_m', '—')} | {row.get('x_reference', '—')} | "
            f"{row.get('median_instructions_m', '—')} | "
            f"{row.get('reference_median_instructions_m', '—')} | "
            f"{row.get('x_reference_median', '—')} | {row.get('max_instructions_m', '—')} | "
            f"{row['cpu_ms']} | {row['reference_cpu_ms']} | {row['x_reference_cpu']} | "
            f"{'✓' if ratio <= TARGET else '✗'} |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--instruction-rounds", type=int, default=100)
    parser.add_argument("--no-instructions", action="store_true")
    parser.add_argument("--jobs", type=int, default=1,
                        help="instruction counts run at once (each one process)")
    parser.add_argument("--password", default=os.environ.get("EOFFICE_DEMO_PASSWORD",
                                                             "Demo@eOffice2026"))
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    parser.add_argument("--name", default="", help="added to the results' file name")
    args = parser.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, EOFFICE_INSTANCE=str(WORK / "instance"), EOFFICE_SECURE_COOKIES="0",
               EOFFICE_LOGIN_RATE_LIMIT="1000 per minute", EOFFICE_DEMO_PASSWORD=args.password,
               PYTHONPATH=str(ROOT))
    env.pop("DATABASE_URL", None)
    if args.database_url and not os.environ.get("BENCH_KEEP_DATABASE"):
        url, _ = prepare(args.items, args.seed, args.database_url, env)
    elif args.database_url:
        url = args.database_url
    else:
        kept = prepare(args.items, args.seed, "", env)[0]
        url = working_copy(kept, args.items)
    load_before = round(os.getloadavg()[0], 1)
    portal = run_writes(url, args.password, "portal", args.rounds, False, env)
    reference = run_writes(url, args.password, "reference", args.rounds, False, env)
    if not args.no_instructions:
        # each action on a fresh copy of the synthesised database (SQLite), so its count
        # depends on nothing another action or the CPU rounds wrote before; --jobs at once
        plan = [(which, method) for which in ("portal", "reference")
                for method in ACTIONS.values()
                if which == "portal" or hasattr(ReferenceActions, method)]

        def count(which_method):
            which, method = which_method
            copy = url if url.startswith("postgresql") else \
                working_copy(kept, args.items, f"count-{which}-{method}")
            counted = run_writes(copy, args.password, which, args.instruction_rounds, True,
                                 env, only=[method])
            if copy != url:
                for written in WORK.glob(f"count-{which}-{method}-{args.items}.db*"):
                    written.unlink()
            return which, counted

        with ThreadPoolExecutor(args.jobs) as pool:
            for which, counted in pool.map(count, plan):
                results = portal if which == "portal" else reference
                for name, figures in counted.items():
                    results[name].update(
                        {key: figures[key] for key in ("instructions_m", "median_instructions_m",
                                                       "max_instructions_m")})
    run = {"machine": machine.facts(argparse.Namespace(workers=0, threads=0, connections=0,
                                                        duration=0)),
           "database": machine.database_facts(url), "items": args.items,
           "commit": _commit(),
           "cpu_rounds": args.rounds, "instruction_rounds": args.instruction_rounds,
           "load_before": load_before, "load_after": round(os.getloadavg()[0], 1),
           "actions": compare(portal, reference)}
    kind = "postgresql" if url.startswith("postgresql") else "sqlite"
    stem = Path(args.out) / (f"{datetime.now(timezone.utc):%Y-%m-%d}-writes-{kind}-"
                             f"{args.items}{'-' + args.name if args.name else ''}")
    stem.with_suffix(".json").write_text(json.dumps(run, indent=1, default=str))
    stem.with_suffix(".md").write_text(markdown(run))
    print(markdown(run))


if __name__ == "__main__":
    main()
