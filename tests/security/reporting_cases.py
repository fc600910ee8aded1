"""Access-matrix rows for district reporting (/reports). Rules (eoffice/policy/): whoever holds
a post inside a district edits its entries; UT oversight reads every district, reviews
proposals and handles problems; the district head alone submits the monthly report;
others read within their district; a user without a post sees empty lists."""
from itertools import count

from eoffice import policy
from eoffice.clock import today
from eoffice.extensions import db
from eoffice.months import month_key, previous_month
from eoffice.reporting.services import problems, workshops
from eoffice.reporting.services.scope import editable_offices, workshop_units
from tests.factories import make_department
from tests.reporting.factories import make_proposal, proposal_fields
from tests.reporting.factories import user as by_name
from tests.security.access import SIGNED_IN

# the objects under test are Srinagar's; the tehsildar of Khanyar works in Srinagar too
SGR_EDITORS = frozenset({"holder", "diarist", "district_head", "outsider"})
SGR_READERS = SGR_EDITORS | {"ut_oversight"}
DISTRICT_USERS = SGR_EDITORS | {"other_district_head"}  # each for their own district
PROBLEM_HANDLERS = SGR_EDITORS | {"ut_oversight"}

GET_OK = {
    **{f"reporting.{page}": SIGNED_IN for page in (
        "index", "proposals", "workshops", "coverage", "readiness", "problems", "monthly")},
    **{f"reporting.{page}": SGR_READERS for page in (
        "show_proposal", "show_problem", "monthly_report", "monthly_csv")},
    **{f"reporting.{page}": DISTRICT_USERS for page in (
        "new_proposal", "new_workshop", "new_problem")},
    **{f"reporting.{page}": SGR_EDITORS for page in (
        "edit_proposal", "edit_workshop", "update_readiness")},
}


def _srinagar(org):
    return org["units"]["srinagar"]


def _own(found, fallback):
    """The user's own district's choice when they have one, else a Srinagar one."""
    return found[0] if found else fallback


def _district(org, user):
    return _own(policy.reporting_districts(user) if user else [], _srinagar(org))


def _proposal_form(district, **changes):
    fields = proposal_fields(department_id=make_department().id, **changes)
    return {"district_id": district.id, **fields}


def _workshop_form(unit, **changes):
    return {"org_unit_id": unit.id, "held_on": today().isoformat(), "venue": "Town hall",
            "trainer": "District informatics officer", "participants": 12,
            "offices_covered": "", "topics": "Noting and dispatch", **changes}


def _workshop(org):
    workshop = workshops.record_workshop(
        by_name("dc.srinagar"), org["units"]["khanyar"], held_on=today(), venue="Hall",
        trainer="DIO", participants=10, offices_covered="", topics="")
    db.session.commit()
    return workshop


def _problem(org):
    problem = problems.raise_problem(by_name("so.srinagar"), org["offices"]["dc_sgr"], "vpn",
                                     "VPN down since Monday")
    db.session.commit()
    return problem


def _on_proposal(action, data, status="draft"):
    def case(org, user):
        proposal = make_proposal(_srinagar(org), status=status)
        return f"/reports/proposals/{proposal.id}{action}", data(org)
    return case


PROBLEM_ACTIONS = {"comment": {"comment-remarks": "The engineer visited."},
                   "escalate": {"escalated_to": "nic", "remarks": "Needs NIC."},
                   "resolve": {"resolve-remarks": "Working again."}}
_months_back = count(1)


def _monthly(org, user):
    """Every case a month of its own, so that one submission freezes nobody else's."""
    month = today().replace(day=1)
    for _ in range(next(_months_back)):
        month = previous_month(month)
    return f"/reports/monthly/SGR/{month_key(month)}", {
        "remarks": "Rollout on track; two offices short of scanners.", "submit_report": "1"}


READINESS = {"computers": 12, "scanners": 3, "bandwidth_mbps": 8, "vpn_accounts": 6,
             "signing_tokens": 4, "staff_trained": 10}

# endpoint -> (roles that carry it out, status they get, case(org, user) -> (url, form data))
POST_OK = {
    "reporting.new_proposal": (DISTRICT_USERS, 303, lambda org, user: (
        "/reports/proposals/new", _proposal_form(_district(org, user)))),
    "reporting.edit_proposal": (SGR_EDITORS, 303, _on_proposal("/edit", lambda org: (
        _proposal_form(_srinagar(org), service_name="Domicile certificate (online)")))),
    "reporting.submit_proposal": (SGR_EDITORS, 303, _on_proposal("/submit", lambda org: {
        "submit-remarks": "Ready for review."})),
    "reporting.review_proposal": ({"ut_oversight"}, 303, _on_proposal("/status", lambda org: {
        "status": "under_review", "remarks": "Taken up."}, status="submitted")),
    "reporting.new_workshop": (DISTRICT_USERS, 303, lambda org, user: (
        "/reports/workshops/new", _workshop_form(_own(
            workshop_units(policy.reporting_districts(user)) if user else [],
            org["units"]["khanyar"])))),
    "reporting.edit_workshop": (SGR_EDITORS, 303, lambda org, user: (
        f"/reports/workshops/{_workshop(org).id}/edit",
        _workshop_form(org["units"]["khanyar"], participants=14))),
    "reporting.update_readiness": (SGR_EDITORS, 303, lambda org, user: (
        f"/reports/readiness/offices/{org['offices']['dc_sgr'].id}", READINESS)),
    "reporting.new_problem": (DISTRICT_USERS, 303, lambda org, user: (
        "/reports/problems/new", {
            "office_id": _own(editable_offices(user) if user else [],
                              org["offices"]["dc_sgr"]).id,
            "category": "bandwidth", "summary": "Link drops every afternoon"})),
    **{f"reporting.act_on_problem[{action}]": (PROBLEM_HANDLERS, 303, (
        lambda data, action: lambda org, user: (
            f"/reports/problems/{_problem(org).id}/{action}", data))(data, action))
       for action, data in PROBLEM_ACTIONS.items()},
    "reporting.monthly_report": ({"district_head"}, 303, _monthly),
}
