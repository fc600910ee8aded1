"""What a doctor check answers, and the list checks join (`doctor_check`)."""
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
