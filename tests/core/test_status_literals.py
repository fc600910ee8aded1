"""A status is compared with or set to the vocabulary's name for it, never a string typed
again: "closed" written in a service and a template is two places to find when the
code changes, and a typo there is silently never true."""
import ast
import os
import re

from eoffice import ROOT, vocabulary
from tests.core.test_import_circles import module_names

CODES = {*vocabulary.STATUSES.codes, *vocabulary.NOTE_STATUSES, *vocabulary.LETTER_STATUSES.codes}
# the tables themselves; demo and synthetic data choosing values; district reporting, whose
# statuses ("draft" too) are tables of their own with their moves in models/proposal.py
OTHER_TABLES = ("eoffice.demo", "eoffice.synth", "eoffice.reporting", "eoffice.models.proposal",
                "eoffice.models.monthly_report")
TEMPLATE_COMPARISON = re.compile(r"""status\s*(?:==|!=)\s*["']([a-z_]+)["']""")


def _is_status(node):
    return isinstance(node, ast.Attribute) and node.attr == "status"


def typed_statuses(tree):
    """Lines where `.status` is compared with, or set to, a literal code."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and (_is_status(node.left) or any(
                _is_status(other) for other in node.comparators)):
            found += [node.lineno for side in (node.left, *node.comparators)
                      if isinstance(side, ast.Constant) and side.value in CODES]
        elif isinstance(node, ast.Assign) and any(_is_status(target) for target in node.targets) \
                and isinstance(node.value, ast.Constant) and node.value.value in CODES:
            found.append(node.lineno)
        elif isinstance(node, ast.keyword) and node.arg == "status" and \
                isinstance(node.value, ast.Constant) and node.value.value in CODES:
            found.append(node.value.lineno)
    return found


def test_code_names_statuses_from_the_vocabulary():
    typed = []
    for module, path in module_names(ROOT, "eoffice").items():
        if module == "eoffice.vocabulary" or module.startswith(OTHER_TABLES):
            continue
        with open(path, encoding="utf-8") as source:
            typed += [f"{module}:{line}" for line in typed_statuses(ast.parse(source.read()))]
    assert typed == []


def test_templates_name_statuses_from_the_vocabulary():
    typed = []
    for folder, _dirs, files in os.walk(os.path.join(ROOT, "templates")):
        for name in files:
            with open(os.path.join(folder, name), encoding="utf-8") as source:
                typed += [f"{name}: {code}" for code in
                          TEMPLATE_COMPARISON.findall(source.read()) if code in CODES]
    assert typed == []


def test_the_check_sees_each_way_of_typing_one():
    tree = ast.parse("if item.status == 'closed':\n    pass\n"
                     "note.status = 'final'\n"
                     "x = Note(status='draft')\n"
                     "ok = item.status == ACTIVE and kind == 'file'\n"
                     "if 'parked' != efile.status:\n    pass\n")
    assert sorted(typed_statuses(tree)) == [1, 3, 4, 6]
    assert TEMPLATE_COMPARISON.findall('{% if item.status == "closed" %}') == ["closed"]
