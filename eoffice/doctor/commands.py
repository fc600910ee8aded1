"""`flask --app app eoffice doctor [--url https://...]`."""
import sys

import click

from ..command_group import eoffice_cli
from . import examine


@eoffice_cli.command("doctor")
@click.option("--url", default=None, help="Also check the portal as users reach it, e.g. "
              "https://eoffice.example.gov.in (TLS, cookies, HTTP to HTTPS, /healthz).")
def doctor_command(url):
    """Check this installation: one line per finding with what to do; exit 1 when anything
    needs doing (for monitoring)."""
    findings = examine()
    if url:
        from .probe import probe

        findings.extend(probe(url))
    for finding in findings:
        click.echo(finding.line())
    problems = sum(finding.is_problem for finding in findings)
    if problems:
        click.echo(f"{problems} finding(s) need doing.")
        sys.exit(1)
    click.echo("Nothing needs doing.")
