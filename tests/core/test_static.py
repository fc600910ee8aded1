"""The one stylesheet parses: an unclosed brace would silently move every later rule
into the block before it (as once happened inside @media print)."""
import os
import re

from eoffice import ROOT


def test_stylesheet_braces_balance_at_every_rule():
    with open(os.path.join(ROOT, "static", "app.css"), encoding="utf-8") as handle:
        css = re.sub(r"/\*.*?\*/", "", handle.read(), flags=re.S)
    depth = 0
    for number, line in enumerate(css.splitlines(), start=1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"app.css line {number}: a brace closes nothing"
        if line and not line[0].isspace():
            # a line starting at column 0 starts a top-level rule or @media block
            assert depth in (0, 1) or line.startswith("@"), f"app.css line {number} is nested"
    assert depth == 0, "app.css leaves a block open"
