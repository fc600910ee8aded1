"""A receipt's scans as text: the words read from each attachment, the searchable
PDF/A kept beside a scanned PDF, and reading a failed scan again."""
from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_login import current_user

from .. import blobs
from ..extensions import db
from ..i18n import gettext as _
from ..loaders import load_attachment_or_404
from ..ocr import services as ocr
from .blueprint import bp
from .routes import untrusted


@bp.get("/receipts/<int:item_id>/attachments/<int:attachment_id>/text")
def scan_text(item_id, attachment_id):
    """Every page read from one attachment, to read, select and copy."""
    receipt, record = load_attachment_or_404(item_id, attachment_id)
    return render_template("dak/scan_text.html", item=receipt, attachment=record,
                           scan=record.scan)


@bp.get("/receipts/<int:item_id>/attachments/<int:attachment_id>/searchable")
def searchable(item_id, attachment_id):
    """The scanned PDF as PDF/A with the words read laid under each page."""
    _receipt, record = load_attachment_or_404(item_id, attachment_id)
    scan = record.scan
    if scan is None or not scan.searchable_sha256:
        abort(404)
    stem = record.filename.rsplit(".", 1)[0]
    response = send_file(blobs.blob_path(scan.searchable_sha256), mimetype="application/pdf",
                         as_attachment=True, download_name=f"{stem}-searchable.pdf",
                         max_age=0, conditional=False)
    return untrusted(response)


@bp.post("/receipts/<int:item_id>/attachments/<int:attachment_id>/read-again")
def read_again(item_id, attachment_id):
    """The holder has a failed scan read again from its first try."""
    receipt, record = load_attachment_or_404(item_id, attachment_id)
    ocr.read_again(current_user, receipt, record)
    db.session.commit()
    flash(_("The scan will be read again."), "success")
    return redirect(url_for("dak.show", item_id=receipt.id, _anchor=f"scan-{record.id}"),
                    code=303)
