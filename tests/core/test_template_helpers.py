"""Template helpers are registered in one place (eoffice/template_helpers.py): a name a
template uses is found there, not in one of several mechanisms spread over the areas."""
import ast
import re

from eoffice import ROOT
from tests.core.test_import_circles import module_names

REGISTERING = re.compile(r"app_template_(filter|global|test)|add_app_template_|context_processor"
                         r"|jinja_env\.(globals|filters|tests)")


def test_only_template_helpers_registers_them():
    elsewhere = []
    for module, path in module_names(ROOT, "eoffice").items():
        if module == "eoffice.template_helpers":
            continue
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.Attribute, ast.Name)) and \
                    REGISTERING.search(ast.unparse(node)):
                elsewhere.append(f"{module}:{node.lineno}")
    assert elsewhere == []


def test_every_helper_a_template_names_is_registered(app):
    env = app.jinja_env
    assert {"local", "richtext", "timestamp", "month_year", "cell", "number"} <= set(env.filters)
    for name in ("policy", "labels", "admin_labels", "reporting_labels", "asset", "is_locked",
                 "max_upload_mb", "delivery_state_label", "csrf_token", "_"):
        assert name in env.globals, name
    with app.test_request_context():
        assert env.from_string("{{ admin_labels.ROLES['it_admin'] }} {{ 'x'|ltr }}").render() \
            == 'IT administrator <bdi dir="ltr">x</bdi>'
