"""`flask --app app eoffice ...` commands for IT staff."""
import sys

import click
from flask import current_app
from sqlalchemy import func, select

from . import audit
from .admin.services import accounts
from .command_group import eoffice_cli
from .doctor import commands as doctor_commands  # noqa: F401 - doctor
from .errors import WorkflowError
from .extensions import db
from .integrity import commands as integrity_commands  # noqa: F401 - verify, backup, restore, sweep-blobs
from .letters import commands as letter_commands  # noqa: F401 - letters render
from .models import OrgUnit, User
from .ocr import commands as ocr_commands  # noqa: F401 - ocr
from .queue import commands as queue_commands  # noqa: F401 - worker, jobs
from .tokens.cli import token_cli


@eoffice_cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Load only when the database has no org units.")
def demo_command(if_empty):
    """Load the demo organisation, offices, posts and accounts."""
    from .demo import DEMO_ACCOUNTS, load_demo

    if db.session.scalar(select(func.count()).select_from(OrgUnit)):
        if not if_empty:
            raise click.ClickException("Database already has data; demo data goes into an empty one.")
        click.echo("Database already has data; demo not loaded again.")
    else:
        load_demo(current_app.config["DEMO_PASSWORD"])
        audit.record("demo.load", detail="demo data loaded")
        db.session.commit()
        click.echo("Demo data loaded.")
    _demo_signing_certificates()
    known = set(db.session.scalars(select(User.username)))
    accounts = [(username, role) for username, role in DEMO_ACCOUNTS if username in known]
    if accounts:
        click.echo("Demo accounts (password from EOFFICE_DEMO_PASSWORD, see README):")
        for username, role in accounts:
            click.echo(f"  {username:<20} {role}")


def _demo_signing_certificates():
    """A demo CA and a PKCS#12 file for each officer who may approve letters, with the
    demo password as passphrase, so that demo letters are signed digitally."""
    from .models import Post, PostHolding
    from .signing.certificates import signing_folder
    from .signing.demo_ca import make_officer_files

    rows = db.session.execute(
        select(User.username, User.name, Post.designation)
        .join(PostHolding, PostHolding.user_id == User.id).join(Post, Post.id == PostHolding.post_id)
        .where(Post.can_approve, User.active).order_by(User.username)).all()
    officers = list({username: (username, name, designation)
                     for username, name, designation in rows}.values())
    if not officers:
        return
    folder = signing_folder()
    made = make_officer_files(folder, officers, current_app.config["DEMO_PASSWORD"])
    if made:
        click.echo(f"Demo signing certificates (demo CA, not for real letters): {made} in "
                   f"{folder}, passphrase EOFFICE_DEMO_PASSWORD.")


@eoffice_cli.command("create-admin")
@click.option("--username", required=True)
@click.option("--name", required=True)
@click.option("--employee-code", required=True)
@click.option("--email", default=None)
@click.password_option(help="Asked for when not given.")
def create_admin_command(username, name, employee_code, email, password):
    """Create an IT-admin account (there are no default accounts)."""
    try:
        user = accounts.create_first_admin(username, name, employee_code, password, email)
    except WorkflowError as refusal:
        db.session.rollback()
        raise click.ClickException(str(refusal)) from None
    db.session.commit()
    click.echo(f"IT admin {user.username} created.")


def _report(problems, all_clear):
    """Each problem on a line and exit 1, or the all-clear message."""
    for problem in problems:
        click.echo(problem)
    if problems:
        sys.exit(1)
    click.echo(all_clear)


@eoffice_cli.command("rebuild-stats")
@click.option("--check", is_flag=True, help="Only compare the rollups and pending counts with what they count.")
def rebuild_stats_command(check):
    """Rebuild the dashboards' daily rollups from the movement log and the pending counts
    from the items (or --check them)."""
    from .dashboards import rollups
    from .inbox import pending

    if check:
        problems = rollups.differences() + pending.differences()
        if problems:  # `db upgrade` recounts them (1731); a restore or a bulk load may not
            problems.append("To rebuild them from the movement log and the items, run "
                            "`flask --app app eoffice rebuild-stats` (in batches: the portal "
                            "keeps serving writes meanwhile).")
        _report(problems, "Rollups agree with the movement log, pending counts with the items.")
        return
    written = rollups.rebuild(echo=click.echo)
    written["pending_count"] = pending.rebuild(echo=click.echo)
    for table, rows in written.items():
        click.echo(f"{table}: {rows} rows")


@eoffice_cli.command("reindex")
@click.option("--batch", default=2000, show_default=True, help="Items per commit.")
def reindex_command(batch):
    """Rebuild the search index from the files, receipts and notes."""
    from .search.sync import rebuild

    rebuild(batch, echo=click.echo)
    click.echo("Search index rebuilt.")


@eoffice_cli.command("synth")
@click.option("--items", type=click.IntRange(min=0), required=True,
              help="Files and receipts together, e.g. 1000000.")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--posts", type=click.IntRange(min=500), default=25_000, show_default=True)
def synth_command(items, seed, posts):
    """Fill an empty database with a UT-scale synthetic data set (for benchmarks)."""
    from .synth import is_empty, synthesise

    if not is_empty():
        raise click.ClickException("Database already has data; synth goes into an empty one.")
    timings = synthesise(items, seed, posts, current_app.config["DEMO_PASSWORD"], click.echo)
    click.echo(f"Synthesised {items:,} items in {sum(timings.values()):.0f} s. Accounts "
               "heavy, bench.a, bench.b and the demo ones use EOFFICE_DEMO_PASSWORD.")


@eoffice_cli.command("reset-2fa")
@click.argument("username")
@click.option("--reason", required=True, help="Why, for the audit log (e.g. a ticket number).")
def reset_two_factor_command(username, reason):
    """Turn off a user's second sign-in factor (lost phone); recorded in the audit log."""
    from .auth import two_factor
    from .auth.services import find_user

    user = find_user(username)
    if user is None:
        raise click.ClickException(f"No user {username}.")
    two_factor.reset(user, reason)
    db.session.commit()
    click.echo(f"Two-step sign-in turned off for {user.username}.")


def register(app):
    eoffice_cli.add_command(token_cli)
    app.cli.add_command(eoffice_cli)
