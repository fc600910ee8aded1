"""`flask --app app eoffice letters render --missing`: a PDF for each letter issued
before the portal made them, in the worker or here (backfill.py says what it claims)."""
import click
from flask.cli import AppGroup

from ..command_group import eoffice_cli
from ..extensions import db
from ..models import Dispatch
from . import backfill, services

letters_cli = AppGroup("letters", help="Issued letters' PDFs.")
eoffice_cli.add_command(letters_cli)


@letters_cli.command("render")
@click.option("--missing", is_flag=True, required=True,
              help="Every issued letter without a PDF (issued before the portal made them).")
@click.option("--here", is_flag=True, help="Render them in this process, not in the worker.")
def render_command(missing, here):
    """Make the PDF of each issued letter that has none, marked as made later, unsigned."""
    made = failed = 0
    for dispatch_id, dispatch_no in [(row.id, row.dispatch_no) for row in backfill.missing()]:
        try:
            dispatch = db.session.get(Dispatch, dispatch_id)
            document = backfill.owe_later_pdf(dispatch, queued=not here)
            if here:
                services.make_pdf(dispatch, document)
            db.session.commit()  # one letter at a time: a failure keeps those made before it
            made += 1
        except Exception as error:  # noqa: BLE001 - reported; the letter stays owed
            db.session.rollback()
            failed += 1
            click.echo(f"{dispatch_no}: {error}", err=True)
    done = "rendered here" if here else "queued for the worker"
    click.echo(f"{made} letter(s) without a PDF {done}, {failed} failed.")
    if failed:
        raise SystemExit(1)
