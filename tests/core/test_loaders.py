"""One place loads and authorises what a URL names (eoffice/loaders.py), and services
never decide an HTTP answer: a second `*_or_404` helper, or a service that aborts, is
where "not yours to see" and "not there" would start to drift apart."""
import ast

from eoffice import ROOT
from tests.core.test_import_circles import module_names


def _parsed():
    for module, path in module_names(ROOT, "eoffice").items():
        with open(path, encoding="utf-8") as source:
            yield module, ast.parse(source.read())


def test_every_load_and_authorise_helper_is_in_loaders():
    elsewhere = sorted(f"{module}.{node.name}" for module, tree in _parsed()
                       if module != "eoffice.loaders" for node in ast.walk(tree)
                       if isinstance(node, ast.FunctionDef) and node.name.endswith("_or_404"))
    assert elsewhere == []


def test_services_never_answer_with_http():
    answering = sorted(module for module, tree in _parsed() if ".services" in module
                       for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                       and node.module in ("flask", "werkzeug.exceptions")
                       and {alias.name for alias in node.names} & {"abort", "make_response",
                                                                    "redirect", "NotFound"})
    assert answering == []
