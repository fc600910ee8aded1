"""`run_checks()`, behind `flask eoffice verify`, with the built-in checks: protective
triggers, audit chain, movement log, holders, seals, the attachment store (every file's
bytes against their hash) and the anchors."""
import os

from sqlalchemy import select

from .. import audit, blobs, integrity
from ..extensions import db
from ..models import Attachment, EFile
from . import anchors, seals, triggers
from .parallel import run_in_processes, timed
from .reconcile import check_items

STREAM = {"yield_per": 500}


def protective_triggers():
    return triggers.missing(db.session.connection())


def audit_chain():
    return audit.verify_chain()


def files_and_movements():
    return check_items("file")


def receipts_and_movements():
    return check_items("receipt")


def attachment_store(root=None):
    """Every attachment row names a blob that is there, with the recorded size and the
    very bytes uploaded (their sha256 is the blob's name and is sealed in the row)."""
    root = root or blobs.blob_root()
    problems, seen = [], set()
    rows = db.session.execute(select(Attachment.id, Attachment.sha256, Attachment.size)
                              .order_by(Attachment.id).execution_options(**STREAM))
    for attachment_id, sha256, size in rows:
        if sha256 in seen:
            continue
        seen.add(sha256)
        path = os.path.join(root, sha256[:2], sha256)
        if not os.path.exists(path):
            problems.append(f"attachment {attachment_id}: blob {sha256} is missing")
        elif os.path.getsize(path) != size:
            problems.append(f"attachment {attachment_id}: blob {sha256} has "
                            f"{os.path.getsize(path)} bytes, not {size}")
        elif blobs.sha256_of(path) != sha256:
            problems.append(f"attachment {attachment_id}: blob {sha256} was changed "
                            "(its bytes no longer match their hash)")
    return problems


BUILT_IN = [("protective triggers", protective_triggers), ("audit chain", audit_chain),
            ("files and their movements", files_and_movements),
            ("receipts and their movements", receipts_and_movements),
            ("attachment store", attachment_store)]


def sealing_checks(anchor_path=None, anchored=True):
    """The checks that need this release's seals and anchors (`reseal` runs the others
    first, as the rules the data was written under)."""
    return [*seals.checks(), *([("anchors", lambda: anchors.check(anchor_path))]
                               if anchored else [])]


def run_checks(anchor_path=None, sealing=True, anchored=True, jobs=1, timings=None):
    """[(check name, [problems])] for every check; every problem is one line of the report.
    `anchor_path`: the anchor log to compare with (an off-server copy; default the
    portal's own); `sealing=False` leaves out seals and anchors (the rules before them);
    `anchored=False` leaves out the anchors (a snapshot, older than the newest anchor);
    `jobs`: worker processes to share the checks out among (eoffice.integrity.parallel);
    `timings`: a list that gets (check name, wall s, CPU s) of each check."""
    extra = sealing_checks(anchor_path, anchored) if sealing else []
    checks = [*BUILT_IN, *integrity.CHECKS.items(), *extra]
    done = run_in_processes(checks, jobs) if jobs > 1 else [timed(fn) for _n, fn in checks]
    if timings is not None:
        timings.extend((name, wall, cpu) for (name, _fn), (_p, wall, cpu) in zip(checks, done))
    results = [(name, problems) for (name, _fn), (problems, _w, _c) in zip(checks, done)]
    if integrity.FILE_CHECKS:
        results.extend(run_file_checks(integrity.FILE_CHECKS).items())
    return results


def problems_of(results):
    return [problem for _name, problems in results for problem in problems]


def run_file_checks(file_checks):
    """{check name: problems} for checks that look at one file at a time (e.g. notes)."""
    results = {name: [] for name in file_checks}
    for efile in db.session.scalars(select(EFile).order_by(EFile.id).execution_options(**STREAM)):
        for name, check in file_checks.items():
            results[name].extend(_as_problems(name, efile, check))
    return results


def _as_problems(name, efile, check):
    label = f"file {efile.file_no} (id {efile.id})"
    try:
        answer = check(efile)
    except Exception as error:  # noqa: BLE001 - a failing checker is a finding, not a crash
        return [f"{label}: {name} could not be checked ({type(error).__name__}: {error})"]
    if answer is None or answer is True:
        return []
    if answer is False:
        return [f"{label}: {name} is broken"]
    return [f"{label}: {problem}" for problem in answer]
