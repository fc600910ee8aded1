"""Accounts and post holdings: who may sign in, and who sits in which post when."""
import re

from flask import current_app
from sqlalchemy import func, select

from ... import audit
from ...auth import passwords
from ...clock import today, utcnow
from ...errors import WorkflowError
from ...extensions import db
from ...i18n import gettext as _
from ...models import PostHolding, User, UserRole
from ...models.post import HOLDING_KINDS
from ...models.user import ROLES
from .records import (
    add_new,
    admin_only,
    apply_changes,
    check_active,
    check_unique,
    end_sessions,
    fail,
    record_update,
)

USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]*")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MOBILE = re.compile(r"\+?[0-9][0-9 -]{6,18}")


def _check_account(user, username, employee_code, email, mobile, language, roles):
    if not USERNAME.fullmatch(username):
        fail("username", _("Use small letters, digits, dots, hyphens and underscores only."),
             "format")
    check_unique(User, func.lower(User.username), username, "username", user)
    check_unique(User, User.employee_code, employee_code, "employee_code", user)
    if email and not EMAIL.fullmatch(email):
        fail("email", _("This is not an e-mail address."), "format")
    if mobile and not MOBILE.fullmatch(mobile):
        fail("mobile", _("Give a phone number in digits, e.g. +91 94190 12345."), "format")
    if language not in current_app.config["LANGUAGES"]:
        fail("language", _("Choose a language."))
    if not roles or not set(roles) <= set(ROLES):
        fail("roles", _("Choose at least one role."))


def _check_password(password, username):
    problems = passwords.policy_problems(password or "", username)
    if problems:
        fail("password", " ".join(problems), "policy")


@admin_only
def create_user(actor, username, name, employee_code, password, email=None, mobile=None,
                language="en", roles=("official",)):
    """User names (any case) and employee codes are unique; the first password meets the policy."""
    return _new_user(actor, username, name, employee_code, password, email, mobile, language,
                     roles)


def create_first_admin(username, name, employee_code, password, email=None):
    """An IT admin made on the command line (the portal has no default account): the same
    rules as for any account, with no one signed in to make it."""
    return _new_user(None, username, name, employee_code, password, email,
                     roles=("it_admin",))


def _new_user(actor, username, name, employee_code, password, email=None, mobile=None,
              language="en", roles=("official",)):
    username = (username or "").strip().lower()
    _check_account(None, username, employee_code, email, mobile, language, roles)
    _check_password(password, username)
    user = User(username=username, name=name, employee_code=employee_code, email=email,
                mobile=mobile, language=language, password_hash=passwords.hash_password(password),
                must_change_password=True)  # the admin knows it: the user chooses their own
    user.role_rows = [UserRole(role=role) for role in sorted(set(roles))]
    return add_new(actor, user, f"{username}; roles: {', '.join(sorted(set(roles)))}")


@admin_only
def update_user(actor, user, name, employee_code, username, email=None, mobile=None,
                language="en", roles=("official",)):
    """As for a new user; an admin cannot take away their own IT-admin role."""
    username = (username or "").strip().lower()
    _check_account(user, username, employee_code, email, mobile, language, roles)
    if user.id == actor.id and "it_admin" not in roles:
        fail("roles", _("You cannot take away your own IT-admin role."), "self")
    detail = apply_changes(user, name=name, employee_code=employee_code, username=username,
                           email=email, mobile=mobile, language=language)
    old, new = user.roles, set(roles)
    if old != new:
        user.role_rows = [row for row in user.role_rows if row.role in new]
        user.role_rows.extend(UserRole(role=role) for role in sorted(new - old))
        roles_change = f"roles: {', '.join(sorted(old))} -> {', '.join(sorted(new))}"
        detail = "; ".join(filter(None, [detail, roles_change]))
    return record_update(actor, user, detail)


@admin_only
def reset_password(actor, user, password):
    """An admin sets a password that meets the policy, which the user changes at the next
    sign-in; the lock, the user's sessions and API tokens end."""
    from ...tokens.services import revoke_tokens_of

    _check_password(password, user.username)
    user.password_hash = passwords.hash_password(password)
    user.password_changed_at = None  # not chosen by the user
    user.must_change_password = True
    user.failed_logins, user.locked_until = 0, None
    end_sessions(user)
    revoke_tokens_of(user, actor, "a password reset")
    db.session.flush()
    audit.record("user.password_reset", user=actor, obj=user, detail=user.username)


def is_locked(user):
    return user.locked_until is not None and user.locked_until > utcnow()


@admin_only
def unlock_user(actor, user, reason=None):
    """A locked account (or one with failed sign-ins counted) is cleared to try again."""
    if not is_locked(user) and not user.failed_logins:
        raise WorkflowError(_("This account is not locked."))
    user.failed_logins, user.locked_until = 0, None
    db.session.flush()
    audit.record("user.unlock", user=actor, obj=user, detail=reason or "")


def _overlaps(holding, starts_on, ends_on):
    return ((holding.ends_on is None or holding.ends_on >= starts_on)
            and (ends_on is None or holding.starts_on <= ends_on))


def _check_delegation(user, post, kind, starts_on, delegated_by, holdings):
    if kind != "delegation":
        if delegated_by is not None:
            fail("delegated_by", _("Only a delegation names who delegated it."))
        return
    if delegated_by is None:
        fail("delegated_by", _("Say who delegated this post."), "required")
    if delegated_by is user:
        fail("delegated_by", _("A user cannot delegate a post to themselves."))
    if not any(h.user is delegated_by and h.kind != "delegation" and h.is_current(starts_on)
               for h in holdings):
        fail("delegated_by", _("%(name)s does not hold this post on the start date.",
                               name=delegated_by.name))


@admin_only
def assign_post(actor, user, post, kind, starts_on, ends_on=None, delegated_by=None):
    """An active user holds an active post from a date; a holding never clashes with the same
    user's, and a post has one regular holder at a time; a delegation comes from a holder."""
    if kind not in HOLDING_KINDS:
        fail("kind", _("Choose regular, additional charge or delegation."))
    check_active(user, "user")
    check_active(post, "post")
    if ends_on is not None and ends_on < starts_on:
        fail("ends_on", _("The end date is before the start date."), "order")
    holdings = db.session.scalars(select(PostHolding).where(PostHolding.post_id == post.id)).all()
    _check_delegation(user, post, kind, starts_on, delegated_by, holdings)
    for other in holdings:
        if not _overlaps(other, starts_on, ends_on):
            continue
        if other.user is user:
            fail("starts_on", _("%(name)s already holds this post in this period.",
                                name=user.name), "overlap")
        if kind == other.kind == "regular":
            fail("starts_on", _("%(name)s holds this post regularly in this period. End that "
                                "holding first.", name=other.user.name), "overlap")
    holding = PostHolding(user=user, post=post, kind=kind, starts_on=starts_on, ends_on=ends_on,
                          delegated_by=delegated_by)
    db.session.add(holding)
    db.session.flush()
    audit.record("holding.create", user=actor, obj=holding,
                 detail=f"{user.username} holds {post.label} ({kind}) from {starts_on}"
                        + (f" to {ends_on}" if ends_on else ""))
    return holding


@admin_only
def end_holding(actor, holding, ends_on):
    """A holding ends on a date not before its start; one that has already ended stays ended."""
    if holding.ends_on is not None and holding.ends_on < today():
        raise WorkflowError(_("This holding has already ended."))
    if ends_on < holding.starts_on:
        fail("ends_on", _("The end date is before the start date."), "order")
    change = apply_changes(holding, ends_on=ends_on)
    detail = f"{holding.user.username} leaves {holding.post.label}: {change}"
    db.session.flush()
    audit.record("holding.end", user=actor, obj=holding, detail=detail)
    return holding
