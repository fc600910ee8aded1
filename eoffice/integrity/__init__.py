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


def run_checks(anchor_path=None, sealing=True, anchored=True, run=None):
    """[(check name, [problems])] for every check; every problem is one line of the report.
    `anchor_path`: the anchor log to compare with (an off-server copy; default the
    portal's own); `sealing=False` leaves out seals and anchors (the rules before them);
    `anchored=False` leaves out the anchors (a snapshot, older than the newest anchor);
    `run(name, fn)`: runs each check and returns its problems (bench/verify.py times them)."""
    from .checks import BUILT_IN, run_file_checks, sealing_checks

    run = run or (lambda _name, fn: fn())
    extra = sealing_checks(anchor_path, anchored) if sealing else []
    results = [(name, list(run(name, fn))) for name, fn in [*BUILT_IN, *CHECKS.items(), *extra]]
    if FILE_CHECKS:
        results.extend(run("per-file checks", lambda: run_file_checks(FILE_CHECKS)).items())
    return results


def problems_of(results):
    return [problem for _name, problems in results for problem in problems]
