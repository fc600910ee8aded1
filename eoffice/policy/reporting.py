"""District reporting (/reports). A user's scope is the org units of the offices of the
posts they hold today. Anyone holding a post inside a district edits that district's
entries; whoever holds a UT oversight post reads everything and reviews proposals,
the holder of a district head's post submits its monthly report; everyone else reads
within their subtree (their whole district when they sit inside one)."""
from .items import oversight_paths


def reporting_district_of(unit):
    """The district an org unit lies in (itself when it is one); None above districts."""
    while unit is not None and unit.kind != "district":
        unit = unit.parent
    return unit


def _reporting_units(user):
    if not user.is_authenticated:
        return []
    return [post.office.org_unit for post in user.current_posts()]


def reporting_districts(user):
    """Districts whose entries this user edits, by name."""
    found = {}
    for unit in _reporting_units(user):
        district = reporting_district_of(unit)
        if district is not None:
            found[district.id] = district
    return sorted(found.values(), key=lambda d: d.name)


def reporting_roots(user):
    """Org-unit paths this user reads below: their district, or their own unit above one."""
    roots = set()
    for unit in _reporting_units(user):
        roots.add((reporting_district_of(unit) or unit).path)
    return sorted(roots)


def can_oversee_reporting(user):
    """Whoever holds a UT oversight post (policy.items.oversight_paths)."""
    return "/" in oversight_paths(user)


def can_view_reporting_unit(user, unit):
    if can_oversee_reporting(user):
        return True
    return unit is not None and any(unit.path.startswith(root) for root in reporting_roots(user))


def can_edit_district_entries(user, district):
    return district is not None and any(d.id == district.id for d in reporting_districts(user))


def can_edit_proposal(user, proposal):
    """Drafts and returned proposals, by the district's own users; submitting is an edit too."""
    return proposal.is_editable and can_edit_district_entries(user, proposal.district)


def can_review_proposal(user, proposal):
    return can_oversee_reporting(user) and bool(proposal.review_moves())


def can_edit_workshop(user, workshop):
    return can_edit_district_entries(user, reporting_district_of(workshop.org_unit))


def can_report_for_office(user, office):
    """Readiness figures and new problems come from the office's own district."""
    return can_edit_district_entries(user, reporting_district_of(office.org_unit))


def can_handle_problem(user, problem):
    """Comment, escalate or resolve: the district's users or UT oversight, until resolved."""
    if problem.is_resolved:
        return False
    return can_oversee_reporting(user) or can_report_for_office(user, problem.office)


def can_submit_monthly_report(user, district, report=None):
    """Whoever holds the district head's post (a post overseeing that district) writes
    the remarks and submits; a submitted report is frozen."""
    if report is not None and report.is_submitted:
        return False
    return district is not None and district.path in oversight_paths(user)
