"""What people read for the stored codes (statuses, categories, measures)."""
from wtforms.fields.choices import SelectChoice

from ..i18n import lazy_gettext as _l

PROPOSAL_STATUS = {
    "draft": _l("Draft"), "submitted": _l("Submitted"), "under_review": _l("Under review"),
    "approved": _l("Approved"), "in_development": _l("In development"),
    "live": _l("Live on e-UNNAT"), "returned": _l("Returned with remarks"),
    "rejected": _l("Rejected"),
}
PROPOSAL_FIELD = {
    "service_name": _l("Service name"), "department_id": _l("Department"),
    "citizen_gets": _l("What the citizen gets"), "documents_needed": _l("Documents needed"),
    "expected_applications": _l("Expected applications per year"),
    "delivery_days": _l("Time limit for delivery (days)"),
    "fee_rupees": _l("Fee (rupees, 0 if free)"),
}
PROPOSAL_ACTION = {"created": _l("Created"), "edited": _l("Edited"), "status": _l("Status changed")}
PROBLEM_CATEGORY = {
    "vpn": _l("VPN access"), "bandwidth": _l("Bandwidth"), "hardware": _l("Hardware"),
    "training": _l("Training"), "software": _l("Software"), "other": _l("Other"),
}
PROBLEM_STATUS = {"open": _l("Open"), "escalated": _l("Escalated"), "resolved": _l("Resolved")}
PROBLEM_ACTION = {"raised": _l("Raised"), "comment": _l("Comment"), "escalated": _l("Escalated"),
                  "resolved": _l("Resolved")}
ESCALATION = {"nic": _l("NIC"), "egov_agency": _l("e-Governance agency")}
MEASURE = {
    "computers": _l("Computers"), "scanners": _l("Scanners"),
    "bandwidth_mbps": _l("Bandwidth (Mbps)"), "vpn_accounts": _l("VPN accounts"),
    "signing_tokens": _l("Signing tokens"), "staff_trained": _l("Staff trained"),
}
AGE = {"week": _l("Up to 7 days"), "month": _l("8 to 30 days"), "older": _l("Over 30 days")}
UNIT_KIND = {"tehsil": _l("Tehsil"), "block": _l("Block")}


def options(pairs, blank=None):
    """Select choices from (value, label) pairs, with an optional blank first choice."""
    pairs = ([("", blank)] if blank is not None else []) + list(pairs)
    return [SelectChoice(value, label) for value, label in pairs]


def choices(mapping, blank=None):
    return options(mapping.items(), blank)


def field_names(stored):
    """The proposal fields an edit changed, stored as "a, b", in the reader's words."""
    return ", ".join(str(PROPOSAL_FIELD.get(name, name)) for name in stored.split(", "))
