"""The checks behind `flask eoffice verify`, and the registry other areas plug into.

`register_check(name, fn)`: fn() -> list of problems (strings), run once.
`register_file_check(name, fn)`: fn(efile) -> problems, run for every file; a checker
may also answer True/None (intact) or False (broken), or raise.
"""
CHECKS = {}
FILE_CHECKS = {}


def register_check(name, fn):
    CHECKS[name] = fn


def register_file_check(name, fn):
    FILE_CHECKS[name] = fn


def run_checks(anchor_path=None, sealing=True, anchored=True, jobs=1, timings=None):
    """[(check name, [problems])] for every check; every problem is one line of the report.
    `anchor_path`: the anchor log to compare with (an off-server copy; default the
    portal's own); `sealing=False` leaves out seals and anchors (the rules before them);
    `anchored=False` leaves out the anchors (a snapshot, older than the newest anchor);
    `jobs`: worker processes to share the checks out among (eoffice.integrity.parallel);
    `timings`: a list that gets (check name, wall s, CPU s) of each check."""
    from .checks import BUILT_IN, run_file_checks, sealing_checks
    from .parallel import run_in_processes, timed

    extra = sealing_checks(anchor_path, anchored) if sealing else []
    checks = [*BUILT_IN, *CHECKS.items(), *extra]
    done = run_in_processes(checks, jobs) if jobs > 1 else [timed(fn) for _n, fn in checks]
    if timings is not None:
        timings.extend((name, wall, cpu) for (name, _fn), (_p, wall, cpu) in zip(checks, done))
    results = [(name, problems) for (name, _fn), (problems, _w, _c) in zip(checks, done)]
    if FILE_CHECKS:
        results.extend(run_file_checks(FILE_CHECKS).items())
    return results


def problems_of(results):
    return [problem for _name, problems in results for problem in problems]
