"""`flask --app app eoffice token create|list|revoke`: API tokens for IT staff."""
import click
from flask.cli import AppGroup

from ..errors import DomainError
from ..extensions import db
from ..models import User
from . import services

token_cli = AppGroup("token", help="Create, list and revoke API tokens.")


@token_cli.command("create")
@click.option("--user", "username", help="A personal token acting as this user.")
@click.option("--service", "client", help="A service token for this client (e.g. eunnat).")
@click.option("--office", "offices", multiple=True,
              help="Office code a service token may bring receipts into (repeatable).")
@click.option("--name", help="What the token is for (default: the client or 'cli').")
@click.option("--days", type=click.IntRange(min=0), default=None,
              help="Days until it expires (default EOFFICE_TOKEN_DAYS for users, "
                   "EOFFICE_SERVICE_TOKEN_DAYS for services; 0: never).")
def create_command(username, client, offices, name, days):
    """Make a token; it is printed once, alone on the last line."""
    if bool(username) == bool(client):
        raise click.UsageError("Give either --user USERNAME or --service NAME --office CODE.")
    try:
        if username:
            user = db.session.scalar(db.select(User).where(User.username == username))
            if user is None:
                raise click.ClickException(f"No user {username}.")
            token, raw = services.create_personal_token(user, name or "cli", created_by=None,
                                                       days=days)
        else:
            token, raw = services.create_service_token(client, offices, name, days=days)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Token {token.id} ({token.kind}, {token.prefix}…) for "
               f"{token.client or token.user.username}"
               + (f", offices {', '.join(o.code for o in token.offices)}" if token.offices else "")
               + ". Keep it secret; it is not shown again:")
    click.echo(raw)


@token_cli.command("list")
def list_command():
    """Every token: id, kind, who it acts for, offices, prefix, last use, state."""
    for token in services.all_tokens():
        offices = ",".join(o.code for o in token.offices) or "-"
        used = token.last_used_at.strftime("%Y-%m-%d %H:%M") if token.last_used_at else "never"
        expires = f"expires {token.expires_at:%Y-%m-%d}" if token.expires_at else "never expires"
        state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else \
            f"active, {expires}"
        click.echo(f"{token.id:>5}  {token.kind:<8}  {token.client or token.user.username:<24}  "
                   f"{offices:<16}  {token.prefix}…  {token.name:<20}  used {used}  {state}")


@token_cli.command("revoke")
@click.argument("token")
def revoke_command(token):
    """Revoke a token by id or prefix; it stops working at once."""
    try:
        found = services.find_token(token)
    except DomainError:
        raise click.ClickException(f"No token {token}.") from None
    services.revoke_token(found)
    db.session.commit()
    click.echo(f"Token {found.id} ({found.prefix}…) revoked.")
