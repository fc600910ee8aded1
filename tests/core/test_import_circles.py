"""No import circles between eoffice's modules.

Every import counts, also one written inside a function: moving an import into a
function hides a circle from Python at start-up, not from the reader. A package's
`__init__` counts as a module of its own, and importing `a.b.c` runs `a/__init__` and
`a/b/__init__` first, so it counts as importing them too (except the packages the
importer itself sits in, which Python has already started before the importer runs); a
blueprint lives in `<area>/blueprint.py` so that the area's views can import it without
importing their own package.
"""
import ast
import os
import sys

from eoffice import ROOT


def module_names(root, package):
    """{module name: path} for every .py file under root/package."""
    found = {}
    for folder, _dirs, files in os.walk(os.path.join(root, package)):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                dotted = os.path.relpath(path, root)[:-3].replace(os.sep, ".")
                found[dotted.removesuffix(".__init__")] = path
    return found


def _target(module, is_package, node):
    if not node.level:
        return node.module
    parts = module.split(".") if is_package else module.split(".")[:-1]
    parts = parts[:len(parts) - node.level + 1]
    return ".".join(parts + ([node.module] if node.module else []))


def import_graph(root, package):
    """{module: {modules of the package it imports, wherever the import is written}}."""
    modules = module_names(root, package)
    graph = {}
    for module, path in modules.items():
        is_package = path.endswith("__init__.py")
        with open(path) as handle:
            tree = ast.parse(handle.read(), path)
        imported = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                target = _target(module, is_package, node)
                for alias in node.names:
                    submodule = f"{target}.{alias.name}"
                    imported.add(submodule if submodule in modules else target)
        imported |= {parent for name in imported for parent in _packages_run_first(module, name)}
        graph[module] = {name for name in imported if name in modules and name != module}
    return graph


def _packages_run_first(importer, name):
    """The packages whose `__init__` Python runs on importing `name` from `importer`: each
    parent package of `name`, but not those `importer` sits in (already started)."""
    parts = name.split(".")
    parents = (".".join(parts[:depth]) for depth in range(1, len(parts)))
    return {parent for parent in parents if not (importer + ".").startswith(parent + ".")}


def circles(graph):
    """The groups of modules that import one another, round a circle (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph[module]):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(graph)))
    try:
        for module in sorted(graph):
            if module not in index:
                visit(module)
    finally:
        sys.setrecursionlimit(limit)
    return found


def test_no_module_imports_itself_round_a_circle():
    graph = import_graph(ROOT, "eoffice")
    assert len(graph) > 100  # the walk found the modules
    assert circles(graph) == []


def _write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_a_circle_through_an_import_inside_a_function_is_found(tmp_path):
    _write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/dak/__init__.py": "",
        "pkg/dak/services.py": "from ..movement.services import send\n",
        "pkg/movement/__init__.py": "",
        "pkg/movement/services.py": "def send():\n    from ..dak.services import copy\n",
        "pkg/alone.py": "from . import dak\n",
    })
    assert circles(import_graph(tmp_path, "pkg")) == [["pkg.dak.services",
                                                       "pkg.movement.services"]]


def test_views_importing_their_packages_blueprint_make_a_circle(tmp_path):
    _write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/inbox/__init__.py": "bp = 1\nfrom . import routes\n",
        "pkg/inbox/routes.py": "from . import bp\n",
        "pkg/files/__init__.py": "from . import routes\nfrom .blueprint import bp\n",
        "pkg/files/blueprint.py": "bp = 1\n",
        "pkg/files/routes.py": "from . import blueprint\nimport pkg.files.blueprint\n",
    })
    assert circles(import_graph(tmp_path, "pkg")) == [["pkg.inbox", "pkg.inbox.routes"]]


def test_a_circle_through_a_packages_init_is_found(tmp_path):
    """dak.services imports movement.history only, but that runs movement/__init__ first,
    which imports movement.routes, which imports dak.services: the circle Python meets
    when dak.services is the first of them imported."""
    _write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/dak/__init__.py": "",
        "pkg/dak/services.py": "from ..movement.history import record\n",
        "pkg/movement/__init__.py": "from .routes import bp\n",
        "pkg/movement/history.py": "def record():\n    pass\n",
        "pkg/movement/routes.py": "import pkg.dak.services\nbp = 1\n",
    })
    assert circles(import_graph(tmp_path, "pkg")) == [["pkg.dak.services", "pkg.movement",
                                                       "pkg.movement.routes"]]


def test_importing_a_submodule_counts_its_parent_packages_but_not_the_importers(tmp_path):
    _write(tmp_path, {
        "pkg/__init__.py": "def create():\n    from .files import routes\n",
        "pkg/files/__init__.py": "",
        "pkg/files/routes.py": "from pkg.files.blueprint import bp\nfrom ..deep.er.leaf import x\n",
        "pkg/files/blueprint.py": "",
        "pkg/deep/__init__.py": "",
        "pkg/deep/er/__init__.py": "",
        "pkg/deep/er/leaf.py": "",
    })
    graph = import_graph(tmp_path, "pkg")
    assert graph["pkg.files.routes"] == {"pkg.files.blueprint", "pkg.deep", "pkg.deep.er",
                                         "pkg.deep.er.leaf"}
    assert circles(graph) == []
