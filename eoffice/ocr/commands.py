"""`flask --app app eoffice ocr --missing`: read the attachments never read (those
stored before OCR was turned on, or whose reading was lost), in the worker or here."""
import click

from ..command_group import eoffice_cli
from ..extensions import db
from . import services, work

BATCH = 200


@eoffice_cli.command("ocr")
@click.option("--missing", is_flag=True, required=True,
              help="Every PDF, JPEG and PNG attachment not read yet.")
@click.option("--failed", is_flag=True, help="Also those whose reading failed, from the start.")
@click.option("--here", is_flag=True, help="Read them in this process, not in the worker.")
def ocr_command(missing, failed, here):
    """Queue a reading of each attachment not read yet (once per content hash)."""
    rows = services.missing(include_failed=failed)
    for number, (sha256, content_type, status) in enumerate(rows, start=1):
        if status == "failed":
            services.retry(sha256)
        else:
            services.ensure_scan(sha256, content_type)
            services.owe_reading(sha256)
        if number % BATCH == 0:
            db.session.commit()
    db.session.commit()
    if not here:
        click.echo(f"{len(rows)} scan(s) queued for the worker.")
        return
    done = failed_now = 0
    for sha256, _content_type, _status in rows:
        try:
            work.read_scan(sha256, final=True)
            db.session.commit()
        except Exception as error:  # noqa: BLE001 - reported, and the next one is read
            db.session.rollback()
            click.echo(f"{sha256}: {error}", err=True)
        scan = services.scan_of(sha256)
        done += scan is not None and scan.status == "done"
        failed_now += scan is not None and scan.status == "failed"
    db.session.commit()
    click.echo(f"{len(rows)} scan(s) read here: {done} done, {failed_now} failed.")
