"""IT readiness per office, and which offices fall below the configured minimums."""
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from ... import audit, policy
from ...clock import utcnow
from ...database import lock_row
from ...errors import NotAllowed
from ...extensions import db
from ...i18n import lazy_gettext as _
from ...models import Office, OfficeReadiness, OrgUnit, ReadinessReport
from ...models.readiness import READINESS_MEASURES
from .scope import DistrictIndex, within


def thresholds():
    """Minimums from config (EOFFICE_READINESS_MIN_*), keyed by measure."""
    config = current_app.config
    return {m: config[f"READINESS_MIN_{m.upper()}"] for m in READINESS_MEASURES}


def readiness_of(office):
    return db.session.scalar(select(OfficeReadiness).where(OfficeReadiness.office_id == office.id))


def update_readiness(actor, office, **values):
    """The office's district reports its figures: the latest stands for the office now,
    and every report is kept, so a past month can show what stood then."""
    if not policy.can_report_for_office(actor, office):
        raise NotAllowed(_("You may report only for offices in your own district."))
    lock_row(office)  # two first reports at once: one waits, then updates the other's row
    row = readiness_of(office)
    if row is None:
        row = OfficeReadiness(office=office)
        db.session.add(row)
    for measure in READINESS_MEASURES:
        setattr(row, measure, values[measure])
    row.updated_at, row.updated_by = utcnow(), actor
    db.session.add(ReadinessReport(office=office, reported_at=row.updated_at, reported_by=actor,
                                   **{m: values[m] for m in READINESS_MEASURES}))
    db.session.flush()
    audit.record("readiness.update", user=actor, obj=row,
                 detail=" ".join(f"{m}={values[m]}" for m in READINESS_MEASURES))
    return row


def office_rows(districts, user=None):
    """Every active office in the districts with its readiness (None: never reported)
    and the measures it falls short on, grouped by district."""
    limits = thresholds()
    index = DistrictIndex(districts)
    only = districts[0] if len(districts) == 1 else None
    query = (select(Office, OfficeReadiness).join(Office.org_unit)
             .outerjoin(OfficeReadiness, OfficeReadiness.office_id == Office.id)
             .options(contains_eager(Office.org_unit))
             .where(Office.active, within(OrgUnit.path, user, only))
             .order_by(OrgUnit.path, Office.name))
    grouped = {d.id: [] for d in districts}
    for office, row in db.session.execute(query):
        district = index.district_for(office.org_unit.path)
        if district is not None:
            grouped[district.id].append({
                "office": office, "readiness": row,
                "short": row.shortfalls(limits) if row is not None else list(READINESS_MEASURES)})
    return [(d, grouped[d.id]) for d in districts]


def readiness_history(office):
    """Every report the office made, oldest first."""
    return db.session.scalars(select(ReadinessReport).where(ReadinessReport.office_id ==
                                                            office.id)
                              .order_by(ReadinessReport.reported_at, ReadinessReport.id)).all()


def as_of(rows, cutoff):
    """The office rows (office_rows) with each office's readiness as it stood at
    `cutoff` (a UTC moment): its last report made before then, or none."""
    limits = thresholds()
    offices = [row["office"].id for row in rows]
    last = {}
    for report in db.session.scalars(select(ReadinessReport).where(
            ReadinessReport.office_id.in_(offices), ReadinessReport.reported_at < cutoff)
            .order_by(ReadinessReport.reported_at, ReadinessReport.id)):
        last[report.office_id] = report
    return [{**row, "readiness": last.get(row["office"].id),
             "short": (last[row["office"].id].shortfalls(limits) if row["office"].id in last
                       else list(READINESS_MEASURES))} for row in rows]


def summary(grouped):
    """Per district: its office rows, how many reported, how many flagged (short or unreported)."""
    return [{"district": d, "rows": rows, "offices": len(rows),
             "reported": sum(1 for r in rows if r["readiness"] is not None),
             "flagged": sum(1 for r in rows if r["short"])} for d, rows in grouped]
