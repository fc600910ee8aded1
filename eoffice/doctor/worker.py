"""The background worker, seen from the work it owes (eoffice.queue): jobs waiting long
past their time mean no worker is taking them; failed jobs need a person."""
from datetime import timedelta

from sqlalchemy import func, select

from ..clock import utcnow
from ..extensions import db
from ..models import BackgroundJob
from .findings import doctor_check, fine, problem

LATE = timedelta(minutes=10)


@doctor_check
def worker_takes_the_work():
    now = utcnow()
    late = db.session.scalar(select(func.count()).select_from(BackgroundJob).where(
        BackgroundJob.state == "queued", BackgroundJob.run_after < now - LATE))
    failed = db.session.scalar(select(func.count()).select_from(BackgroundJob).where(
        BackgroundJob.state == "failed"))
    db.session.rollback()
    findings = []
    if late:
        findings.append(problem("worker", f"{late} background job(s) waiting more than "
                                f"{LATE.seconds // 60} minutes past their time: no worker is "
                                "taking them", "systemctl status eoffice-worker; journalctl -u "
                                "eoffice-worker (deploy/eoffice-worker.service)"))
    if failed:
        findings.append(problem("worker", f"{failed} background job(s) failed after their "
                                "last attempt", "flask --app app eoffice jobs --failed; mend "
                                "the cause, then eoffice jobs --retry ID"))
    return findings or [fine("worker", "no background work waiting past its time, none failed")]
