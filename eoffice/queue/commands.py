"""`flask --app app eoffice worker` and `eoffice jobs`: the background worker and a
look at the work it owes."""
import logging

import click
from flask import current_app
from sqlalchemy import select

from ..command_group import eoffice_cli
from ..extensions import db
from ..models import BackgroundJob
from . import huey, retry, run_waiting, sweep


@eoffice_cli.command("worker")
@click.option("--threads", type=click.IntRange(min=1), default=None,
              help="Jobs run side by side (default EOFFICE_QUEUE_THREADS, 2).")
def worker_command(threads):
    """Run the background worker (letters, delivery, OCR) until stopped (Ctrl-C or
    SIGTERM let the running jobs finish; a killed worker's jobs run again after restart)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s worker %(levelname)s %(message)s")
    handed = sweep(grace_seconds=0)
    click.echo(f"Worker started; {handed} job(s) owed from before handed over.")
    consumer = huey.create_consumer(
        workers=threads or current_app.config["QUEUE_THREADS"], worker_type="thread",
        periodic=True, initial_delay=0.1, max_delay=2.0, check_worker_health=True)
    consumer.run()


@eoffice_cli.command("jobs")
@click.option("--failed", "only_failed", is_flag=True, help="Only the failed ones.")
@click.option("--retry", "retry_id", type=int, default=None, help="Owe a failed job again.")
@click.option("--run", "run_here", is_flag=True,
              help="Run the waiting jobs in this process (a host without a worker).")
def jobs_command(only_failed, retry_id, run_here):
    """List the background jobs still owed or failed, with their reasons."""
    if retry_id is not None:
        record = db.session.get(BackgroundJob, retry_id)
        if record is None or record.state != "failed":
            raise click.ClickException(f"No failed job {retry_id}.")
        retry(record)
        db.session.commit()
        click.echo(f"Job {retry_id} is owed again.")
        return
    if run_here:
        sweep(grace_seconds=0)
        click.echo(f"{run_waiting()} message(s) run.")
    states = ("failed",) if only_failed else ("queued", "running", "failed")
    rows = db.session.scalars(select(BackgroundJob).where(BackgroundJob.state.in_(states))
                              .order_by(BackgroundJob.id)).all()
    for row in rows:
        click.echo(f"{row.id:>6} {row.state:<8} {row.kind:<24} {row.key:<30} "
                   f"attempts {row.attempts}/{row.max_attempts} {row.last_error or ''}")
    if not rows:
        click.echo("No jobs owed or failed.")
