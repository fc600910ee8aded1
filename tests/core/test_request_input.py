"""What a request sends is read in one place: pages through eoffice/forms.py (a form
validated by `submit`/`press`, a `QueryForm` or `query_value` for the query string),
the API through eoffice/api/payloads.py. A view that reads `request.form` by hand skips
the one path where bad input gets its message, CSRF is checked and a refusal is shown
the same way everywhere."""
import ast

from eoffice import ROOT
from tests.core.test_import_circles import module_names

READ_BY_HAND = {"form", "args", "values", "files", "json", "data", "get_json", "get_data"}
ALLOWED = {"eoffice.forms", "eoffice.api.payloads"}


def reads_by_hand(tree):
    """The lines where `request.<something sent>` (or `flask.request.<...>`) is read."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in READ_BY_HAND:
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id == "request" or \
                    isinstance(owner, ast.Attribute) and owner.attr == "request":
                found.append(node.lineno)
    return found


def test_no_view_reads_what_a_request_sends_by_hand():
    offenders = []
    for module, path in module_names(ROOT, "eoffice").items():
        if module in ALLOWED:
            continue
        with open(path, encoding="utf-8") as source:
            tree = ast.parse(source.read())
        offenders += [f"{module}:{line}" for line in reads_by_hand(tree)]
    assert offenders == []


def test_the_check_sees_each_way_of_writing_it():
    tree = ast.parse("from flask import request\nimport flask\n"
                     "a = request.form.get('step')\n"
                     "b = request.args['page']\n"
                     "c = flask.request.values.getlist('to_post')\n"
                     "d = request.get_json()\n"
                     "e = request.method == 'POST' and form.args\n")
    assert sorted(reads_by_hand(tree)) == [3, 4, 5, 6]
