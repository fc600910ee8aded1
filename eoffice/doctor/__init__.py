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
from . import checks as _built_in  # noqa: F401 - the built-in checks register themselves
from . import keys as _keys  # noqa: F401
from . import portal as _portal  # noqa: F401
from . import worker as _worker  # noqa: F401
from .findings import (  # noqa: F401 - areas import these from eoffice.doctor
    CHECKS,
    Finding,
    doctor_check,
    fine,
    from_problems,
    problem,
    skipped,
)


def examine(checks=None):
    """Every finding of every check; a check that breaks is a finding too."""
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
