"""`flask --app app eoffice verify | anchor | reseal | backup | verify-backup | restore |
sweep-blobs`."""
import sys

import click

from ..command_group import eoffice_cli
from .backup import BackupError, make_backup
from .checks import problems_of, run_checks


def report(results):
    """One line per check, one indented line per problem; True when all passed."""
    for name, problems in results:
        click.echo(f"{'FAIL' if problems else 'ok  '}  {name}" +
                   (f": {len(problems)} problem(s)" if problems else ""))
        for problem in problems:
            click.echo(f"      {problem}")
    return not problems_of(results)


def fail(error):
    click.echo(f"error: {error}", err=True)
    for problem in error.problems:
        click.echo(f"      {problem}", err=True)
    sys.exit(1)


@eoffice_cli.command("verify")
@click.option("--anchors", "anchor_path", type=click.Path(exists=True),
              help="Compare with this anchor log (the copy kept off the server) or backup "
                   "folder, instead of the portal's own anchor log.")
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes to share the checks out among (one per core to spare).")
def verify_command(anchor_path, jobs):
    """Check the protective triggers, the audit chain, seals, every file's notes, holders
    against the movement log, the attachments' bytes and the latest anchor; exit non-zero
    with one line per break."""
    if not report(run_checks(anchor_path, jobs=jobs)):
        sys.exit(1)
    click.echo("Everything verified.")


@eoffice_cli.command("anchor")
def anchor_command():
    """Append the audit chain's head to the anchor log (EOFFICE_ANCHOR_LOG) and print the
    line, for a timer that ships it off the server."""
    from .anchors import anchor_now

    click.echo(anchor_now("scheduled"))


@eoffice_cli.command("reseal")
def reseal_command():
    """Once, after upgrading to sealed records: check what exists by the old rules, then
    seal it (recorded in the audit log)."""
    from .reseal import ResealRefused, reseal

    try:
        counts = reseal()
    except ResealRefused as error:
        fail(error)
    click.echo("Sealed " + ", ".join(f"{count:,} {kind}" for kind, count in counts.items()) + ".")


@eoffice_cli.command("backup")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--keep", type=int, default=None, help="Keep only the newest N backups there.")
def backup_command(directory, keep):
    """Back up the database and attachments into DIRECTORY while the portal serves."""
    try:
        path = make_backup(directory, keep)
    except BackupError as error:
        fail(error)
    click.echo(f"Backup verified and written to {path}")


@eoffice_cli.command("verify-backup")
@click.argument("path", type=click.Path(exists=True, file_okay=False))
def verify_backup_command(path):
    """Check a backup folder: file hashes, and (SQLite) integrity and every verify check."""
    from .restore import verify_backup

    try:
        passed = report(verify_backup(path))
    except BackupError as error:
        fail(error)
    if not passed:
        sys.exit(1)
    click.echo("Backup verified.")


@eoffice_cli.command("restore")
@click.argument("path", type=click.Path(exists=True, file_okay=False))
@click.option("--force", is_flag=True, help="Replace a database that already holds data.")
def restore_command(path, force):
    """Bring back a backup (stop the portal first); then verify the result."""
    from .restore import restore_backup

    try:
        blob_count, results = restore_backup(path, force)
    except BackupError as error:
        fail(error)
    click.echo(f"Restored from {path} ({blob_count} attachment file(s) copied back).")
    if not report(results):
        sys.exit(1)
    click.echo("Restored database verified. Run `flask --app app db upgrade` if this "
               "release is newer than the backup.")


@eoffice_cli.command("sweep-blobs")
@click.option("--grace-hours", type=int, default=24, show_default=True,
              help="Leave blobs younger than this (uploads in flight).")
@click.option("--dry-run", is_flag=True, help="List what would go; remove nothing.")
def sweep_blobs_command(grace_hours, dry_run):
    """Remove attachment files that no database row names (left by failed uploads)."""
    from .sweeper import sweep

    orphans = sweep(grace_hours, dry_run)
    for path, size in orphans:
        click.echo(f"{'would remove' if dry_run else 'removed'} {path} ({size} bytes)")
    click.echo(f"{len(orphans)} orphaned blob(s).")
