"""CPU per write action, in process: the portal's diarise (page and API), send and note
(bench/actions.py) and the bare-stack write reference (bench/write_reference.py), on
the same database, each as "x reference".

Two measures, both in one process per app, after a warm-up:
- CPU time per action (time.process_time), over ROUNDS actions;
- instructions per action, when run under callgrind (`--instructions`): the process
  marks the start and end of each action's rounds with a call to os.sched_yield, on
  which callgrind dumps its counters (--dump-before), so each dump holds one phase. Counts of
  instructions do not move with the machine's other work, unlike times.

    python -m bench.writes <database url> <password> [--app portal|reference]
        [--rounds N] [--instructions]   -> JSON on stdout
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time

ROUNDS = 100
WARMUP = 10
VALGRIND = ["valgrind", "--tool=callgrind", "--cache-sim=no", "--branch-sim=no",
            "--collect-jumps=no", "--dump-before=os_sched_yield", "--dump-instr=no"]


def mark():
    """A phase boundary callgrind dumps on (--dump-before=os_sched_yield)."""
    os.sched_yield()


def actions_of(which, url, password):
    if which == "reference":
        from .actions import ReferenceActions
        from .write_reference import _from_environment
        return ReferenceActions(_from_environment(), url, password)
    from .actions import PortalActions
    from .portal import app
    return PortalActions(app, url, password)


def measure(which, url, password, rounds, names=None):
    from .actions import ACTIONS

    os.environ["DATABASE_URL"] = url
    actions = actions_of(which, url, password)
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
        started = time.process_time()
        for _ in range(rounds):
            act()
        spent = time.process_time() - started
        mark()
        results[name] = {"cpu_ms": round(spent / rounds * 1000, 2), "rounds": rounds}
    actions.close()
    return results


def under_callgrind(which, url, password, rounds, names=None):
    """Runs measure() under callgrind; adds instructions per action (millions)."""
    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "callgrind.out")
        command = [*VALGRIND, f"--callgrind-out-file={out}.%p", sys.executable, "-m",
                   "bench.writes", url, password, "--app", which, "--rounds", str(rounds)]
        if names:
            command += ["--only", *names]
        answer = subprocess.run(command, capture_output=True, text=True,
                                env=dict(os.environ, PYTHONHASHSEED="0"))
        if answer.returncode:
            raise RuntimeError(answer.stderr[-2000:])
        results = json.loads(answer.stdout)
        dumps = sorted(glob.glob(f"{out}.*"), key=_dump_number)
        totals = [_instructions(path) for path in dumps]
    # dumps: [start..mark1], [mark1..mark2] (= measured), [mark2..mark3], [mark3..mark4], ...
    for index, name in enumerate(results):
        measured = totals[2 * index + 1]
        results[name]["instructions_m"] = round(measured / rounds / 1e6, 2)
    return results


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
    args = parser.parse_args(argv)
    if args.instructions:
        results = under_callgrind(args.app, args.url, args.password, args.rounds, args.only)
    else:
        results = measure(args.app, args.url, args.password, args.rounds, args.only)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
