"""What people read for the stored codes (statuses, categories, measures): the tables
are in eoffice/vocabulary.py; what only these pages say (history, ages, fields) is here."""
from wtforms.fields.choices import SelectChoice

from .. import vocabulary
from ..i18n import lazy_gettext as _l

PROPOSAL_STATUS = vocabulary.PROPOSAL_STATUSES.labels
PROPOSAL_FIELD = {
    "service_name": _l("Service name"), "department_id": _l("Department"),
    "citizen_gets": _l("What the citizen gets"), "documents_needed": _l("Documents needed"),
    "expected_applications": _l("Expected applications per year"),
    "delivery_days": _l("Time limit for delivery (days)"),
    "fee_rupees": _l("Fee (rupees, 0 if free)"),
}
PROPOSAL_ACTION = {"created": _l("Created"), "edited": _l("Edited"), "status": _l("Status changed")}
PROBLEM_CATEGORY = vocabulary.PROBLEM_CATEGORIES.labels
PROBLEM_STATUS = vocabulary.PROBLEM_STATUSES.labels
PROBLEM_ACTION = {"raised": _l("Raised"), "comment": _l("Comment"), "escalated": _l("Escalated"),
                  "resolved": _l("Resolved")}
ESCALATION = vocabulary.ESCALATION_TARGETS.labels
MEASURE = vocabulary.READINESS_MEASURES.labels
AGE = {"week": _l("Up to 7 days"), "month": _l("8 to 30 days"), "older": _l("Over 30 days")}
UNIT_KIND = {kind: vocabulary.UNIT_KINDS.label(kind) for kind in vocabulary.WORKSHOP_UNIT_KINDS}


def options(pairs, blank=None):
    """Select choices from (value, label) pairs, with an optional blank first choice."""
    pairs = ([("", blank)] if blank is not None else []) + list(pairs)
    return [SelectChoice(value, label) for value, label in pairs]


def choices(mapping, blank=None):
    return options(mapping.items(), blank)


def field_names(stored):
    """The proposal fields an edit changed, stored as "a, b", in the reader's words."""
    return ", ".join(str(PROPOSAL_FIELD.get(name, name)) for name in stored.split(", "))
