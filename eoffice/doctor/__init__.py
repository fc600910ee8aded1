"""`flask --app app eoffice doctor`: a running installation checked the way IT staff would,
one line per finding with what to do, exit status 1 when anything needs doing.

A check is a function that returns Findings (or one); areas add theirs with
`doctor_check` (run in an app context, in the order registered):

    @doctor_check
    def keys_match():
        if ...:
            return problem("keys", "EOFFICE_AUDIT_KEY differs from the database's",
                           "set the key the database was sealed with (see README)")
        return fine("keys", "audit and secret keys match the database")

`from_problems(name, problems, advice, all_clear)` turns a list of problem strings (what
`eoffice verify`'s checks return) into findings.
"""
from dataclasses import dataclass

CHECKS = []


@dataclass(frozen=True)
class Finding:
    check: str
    state: str  # "ok", "problem", or "skipped" (does not apply to this installation)
    text: str
    advice: str = ""

    @property
    def is_problem(self):
        return self.state == "problem"

    def line(self):
        mark = {"ok": "ok  ", "problem": "FAIL", "skipped": "--  "}[self.state]
        advice = f" -> {self.advice}" if self.advice else ""
        return f"{mark}  {self.check}: {self.text}{advice}"


def fine(check, text):
    return Finding(check, "ok", text)


def problem(check, text, advice):
    return Finding(check, "problem", text, advice)


def skipped(check, text):
    return Finding(check, "skipped", text)


def from_problems(check, problems, advice, all_clear):
    problems = list(problems)
    if not problems:
        return [fine(check, all_clear)]
    return [problem(check, text, advice) for text in problems]


def doctor_check(fn):
    if fn not in CHECKS:
        CHECKS.append(fn)
    return fn


def examine(checks=None):
    """Every finding of every check; a check that breaks is a finding too."""
    from . import checks as _host  # noqa: F401 - register the built-in checks
    from . import portal as _portal

    findings = []
    for check in checks if checks is not None else CHECKS:
        try:
            result = check()
        except Exception as error:  # a broken check must not hide the others
            result = problem(check.__name__.replace("_", " "),
                             f"the check itself failed ({type(error).__name__}: {error})",
                             "run it again; if it keeps failing, report it with this line")
        findings.extend([result] if isinstance(result, Finding) else result)
    return findings
