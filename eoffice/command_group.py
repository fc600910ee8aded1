"""`flask --app app eoffice ...`: the group every area's commands join; eoffice.cli
imports those modules and adds the group to the app."""
import click
from flask.cli import AppGroup
from sqlalchemy.exc import OperationalError

from .errors import is_disk_full


class EofficeGroup(AppGroup):
    """A command that meets a busy, unreachable or full database ends with one line
    saying so and exit status 1, as the web pages answer 503 or 507, not a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except OperationalError as error:
            raise click.ClickException(_storage_refusal(error)) from None


def _storage_refusal(error):
    reason = str(error.orig if error.orig is not None else error).strip()
    if is_disk_full(error):
        return (f"The database's disk is full ({reason}). What this command committed "
                "before stays; free some space and run it again.")
    return (f"The database is busy or unavailable ({reason}). What this command committed "
            "before stays; run it again when the other writer (a backup, a rebuild, a "
            "stuck process) has finished or the database is reachable.")


eoffice_cli = EofficeGroup("eoffice", help="eoffice administration commands.")
