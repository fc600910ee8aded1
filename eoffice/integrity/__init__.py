"""The registry other areas plug their checks into, for `flask eoffice verify`
(`checks.run_checks` runs them with the built-in ones).

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
