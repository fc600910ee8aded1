"""Every module that puts views on a blueprint is imported by eoffice/blueprints.py: the
areas' `__init__` no longer import their views (tests/core/test_import_circles.py), so a
views module left out of that list would leave its pages silently missing."""
import ast

from eoffice import ROOT
from tests.core.test_import_circles import import_graph, module_names


def adds_views(tree):
    """Does the module decorate a function with `bp.route/get/post...` on a blueprint made
    elsewhere? (One made beside its views is registered by importing that module.)"""
    makes_its_own = any(isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                        and getattr(node.value.func, "id", None) == "Blueprint"
                        for node in tree.body)
    return not makes_its_own and any(isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
               and isinstance(decorator.func.value, ast.Name) and decorator.func.value.id == "bp"
               for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
               for decorator in node.decorator_list)


def test_every_views_module_is_registered():
    with_views = set()
    for module, path in module_names(ROOT, "eoffice").items():
        with open(path, encoding="utf-8") as source:
            if adds_views(ast.parse(source.read())):
                with_views.add(module)
    assert len(with_views) > 20  # the walk found them
    registered = import_graph(ROOT, "eoffice")["eoffice.blueprints"]
    assert sorted(with_views - registered) == []


def test_the_check_sees_a_view():
    assert adds_views(ast.parse("@bp.get('/x')\ndef x():\n    pass\n"))
    assert not adds_views(ast.parse("@login_required\ndef x():\n    pass\n"))
    assert not adds_views(ast.parse("bp = Blueprint('p', __name__)\n@bp.get('/x')\ndef x():\n"
                                    "    pass\n"))
