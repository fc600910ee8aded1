"""CPU per write action, in process: the portal's diarise (page and API), send and note
(bench/actions.py) and the bare-stack write reference (bench/write_reference.py), on
the same database, each as "x reference".

Two measures, both in one process per app, after a warm-up:
- CPU time per action (time.process_time), over ROUNDS actions;
- instructions per action, when run under callgrind (`--instructions`): the process
  marks the end of the warm-up and of each counted action with a call to
  os.sched_yield, on which callgrind dumps its counters (--dump-before), so each dump
  holds one action. Counts of instructions do not move with the machine's other work,
  unlike times. Most actions cost about the same; every few dozen one also pays for
  SQLite's periodic work (a WAL checkpoint, a merge of full-text segments: tens of
  millions at once), so the mean over the rounds is the cost a write really has (the
  periodic work included at the rate it comes), and the median is the typical action.

    python -m bench.writes <database url> <password> [--app portal|reference]
        [--rounds N] [--instructions] [--only METHOD ...]   -> JSON on stdout
"""
import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROUNDS = 100
WARMUP = 10
VALGRIND = ["valgrind", "--tool=callgrind", "--cache-sim=no", "--branch-sim=no",
            "--collect-jumps=no", "--dump-before=os_sched_yield", "--dump-instr=no",
            "--instr-atstart=no"]
UNDER_CALLGRIND = "EOFFICE_BENCH_UNDER_CALLGRIND"


def mark():
    """A phase boundary callgrind dumps on (--dump-before=os_sched_yield)."""
    global MARKS
    os.sched_yield()
    MARKS += 1


MARKS = 0  # marks made so far: the dump that a mark closes is the MARKS-th


def count_from_here():
    """Under callgrind, started with instrumentation off (imports and sign-ins, argon2
    included, run at a fifth of its cost): turn it on now, before the first action.
    callgrind_control answers once callgrind has seen the request, which it looks for
    while this process runs, so the process keeps running until then; what it runs
    meanwhile falls in the first dump, before the first mark, which counts for nothing."""
    if not os.environ.get(UNDER_CALLGRIND):
        return
    control = subprocess.Popen(["callgrind_control", "--instr=on", str(os.getpid())],
                               stdout=subprocess.DEVNULL)
    while control.poll() is None:
        sum(range(1000))
    if control.returncode:
        raise RuntimeError("callgrind_control could not turn instrumentation on")


def actions_of(which, url, password):
    if which == "reference":
        from .actions import ReferenceActions
        from .write_reference import _from_environment
        return ReferenceActions(_from_environment(), url, password)
    from .actions import PortalActions
    from .portal import app
    return PortalActions(app, url, password)


def measure(which, url, password, rounds, names=None, per_action=False):
    from .actions import ACTIONS

    os.environ["DATABASE_URL"] = url
    actions = actions_of(which, url, password)
    count_from_here()
    results = {}
    for name, method in ACTIONS.items():
        if names and method not in names:
            continue
        act = getattr(actions, method, None)
        if act is None:
            continue
        for _ in range(WARMUP):
            act()
        mark()
        first = MARKS  # the dump of the first counted action (0-based, by part)
        started = time.process_time()
        for _ in range(rounds):
            act()
            if per_action:
                mark()
        spent = time.process_time() - started
        if not per_action:
            mark()
        results[name] = {"cpu_ms": round(spent / rounds * 1000, 2), "rounds": rounds,
                         "first_dump": first}
    actions.close()
    return results


def under_callgrind(which, url, password, rounds, names=None):
    """Runs measure() under callgrind; adds instructions per action (millions)."""
    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "callgrind.out")
        command = [*VALGRIND, f"--callgrind-out-file={out}.%p", sys.executable, "-m",
                   "bench.writes", url, password, "--app", which, "--rounds", str(rounds),
                   "--per-action"]
        if names:
            command += ["--only", *names]
        answer = subprocess.run(command, capture_output=True, text=True,
                                env=dict(os.environ, PYTHONHASHSEED="0", **{UNDER_CALLGRIND: "1"}))
        if answer.returncode:
            raise RuntimeError(answer.stderr[-2000:])
        results = json.loads(answer.stdout)
        dumps = sorted(glob.glob(f"{out}.*"), key=_dump_number)
        totals = [_instructions(path) for path in dumps]
    for result in results.values():
        result.update(figures(totals, result.pop("first_dump"), rounds))
    return results


def figures(totals, first, rounds):
    """Mean, median and max instructions per action (millions) of the counted actions'
    dumps: dump k (0-based) runs from mark k to mark k + 1, so an action's rounds are
    the `rounds` dumps from `first` on."""
    counts = sorted(totals[first:first + rounds])
    if len(counts) != rounds:
        raise RuntimeError(f"{len(counts)} dumps for {rounds} actions")
    return {"instructions_m": round(sum(counts) / rounds / 1e6, 2),
            "median_instructions_m": round(statistics.median(counts) / 1e6, 2),
            "max_instructions_m": round(counts[-1] / 1e6, 2)}


def _dump_number(path):
    """Callgrind numbers its dumps in a `part:` line (the last one, at exit, too)."""
    with open(path) as handle:
        for line in handle:
            if line.startswith("part:"):
                return int(line.split()[1])
    return 0


def _instructions(path):
    with open(path) as handle:
        for line in handle:
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise RuntimeError(f"no totals in {path}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("password")
    parser.add_argument("--app", choices=("portal", "reference"), default="portal")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--only", nargs="*", help="action methods (bench/actions.py)")
    parser.add_argument("--instructions", action="store_true", help="run under callgrind")
    parser.add_argument("--per-action", action="store_true",
                        help="mark each counted action (what --instructions runs)")
    args = parser.parse_args(argv)
    if args.instructions:
        results = under_callgrind(args.app, args.url, args.password, args.rounds, args.only)
    else:
        results = measure(args.app, args.url, args.password, args.rounds, args.only,
                          args.per_action)
        for result in results.values():
            if not args.per_action:  # (the dumps' numbers are for under_callgrind)
                result.pop("first_dump")
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
