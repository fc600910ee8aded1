"""Administration, dashboards, the audit log and second factors."""
from flask import current_app

from .items import held_post_ids, oversight_paths


def can_administer(user):
    return user.is_authenticated and user.has_role("it_admin")


def can_view_dashboard(user, unit):
    """An org unit's adoption dashboard: UT oversight every unit, a district head the
    units of their district's subtree; nobody else."""
    return getattr(user, "is_authenticated", False) and any(
        unit.path.startswith(path) for path in oversight_paths(user))


def can_view_office_dashboard(user, office):
    """One office's dashboard: an official the offices of the posts they hold, and
    oversight every office within its subtree."""
    if not getattr(user, "is_authenticated", False):
        return False
    if any(post.office_id == office.id for post in user.current_posts()):
        return True
    return any(office.org_unit.path.startswith(path) for path in oversight_paths(user))


def can_see_a_dashboard(user):
    return bool(oversight_paths(user) or held_post_ids(user))


def can_set_targets(user):
    """Onboarding targets per unit are set by IT admins."""
    return can_administer(user)


def can_read_audit(user):
    """IT admins and whoever holds a UT oversight post read the whole audit log."""
    return user.is_authenticated and (user.has_role("it_admin") or "/" in oversight_paths(user))


def can_use_two_factor(user):
    """IT admins, UT oversight and district heads may add a second sign-in factor."""
    return user.is_authenticated and user.has_role(*current_app.config["TOTP_ROLES"])
