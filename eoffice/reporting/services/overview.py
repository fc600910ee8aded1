"""One row per district the user sees: where each area of reporting stands."""
from . import monthly, problems, proposals, readiness, workshops
from .scope import visible_districts


def district_overview(user, month, now):
    """Proposals against target, workshop coverage, readiness flags, unresolved problems
    and the month's report, for every district the user sees."""
    districts = visible_districts(user)
    if not districts:
        return []
    counted = proposals.counted_by_district([d.id for d in districts])
    minimum = proposals.minimum_per_district()
    cover = {c["district"].id: c for c in workshops.coverage(districts)}
    ready = {r["district"].id: r for r in readiness.summary(readiness.office_rows(districts, user))}
    trouble = {p["district"].id: p for p in problems.district_summary(user, districts, now)}
    reports = monthly.reports_for(districts, month)
    return [{"district": d, "counted": counted.get(d.id, 0),
             "short": counted.get(d.id, 0) < minimum, "coverage": cover[d.id],
             "readiness": ready[d.id], "problems": trouble[d.id], "report": reports.get(d.id)}
            for d in districts]
