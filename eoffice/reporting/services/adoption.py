"""Adoption figures for the monthly report: the one place a figures provider plugs in.

The dashboards feature (e-files, receipts, movements) is built separately. Until it is
merged this returns None and the report says the figures are not available. A provider
returns a list of [label, value] pairs for the unit's subtree and the month, e.g.
[["e-files opened", 120], ["receipts diarised", 340], ["file movements", 910]];
the monthly report stores them as given in its frozen snapshot.
"""


def adoption_figures(unit, month_start, month_end):
    """e-Office adoption in the unit's subtree between the two dates; None: not available."""
    return None
