"""argon2id password hashing (OWASP ASVS 5.0 L2) and the password policy."""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

from ..i18n import gettext as _

# OWASP's Password Storage Cheat Sheet: argon2id with one lane and at least one of these
# (memory in KiB, passes), which cost an attacker about the same. The portal's default,
# 64 MiB with 3 passes, is RFC 9106's second recommended setting (for memory-constrained
# servers; the RFC names 4 lanes, which share the same memory and work among threads).
OWASP_FLOOR = ((47104, 1), (19456, 2), (12288, 3), (9216, 4), (7168, 5))


def below_guidance(memory_kib, time_cost):
    """Whether an argon2id cost is weaker than every setting of OWASP's floor."""
    return not any(memory_kib >= memory and time_cost >= passes
                   for memory, passes in OWASP_FLOOR)


def _hasher():
    config = current_app.config
    return PasswordHasher(time_cost=config["ARGON2_TIME_COST"],
                          memory_cost=config["ARGON2_MEMORY_KIB"], parallelism=1)


def hash_password(password):
    return _hasher().hash(password)


def verify_password(password_hash, password):
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash):
    return _hasher().check_needs_rehash(password_hash)


CLASSES = (str.islower, str.isupper, str.isdigit, lambda ch: not ch.isalnum())

# Passwords that meet the length rule yet are among the first ones tried (ASVS 2.1.7
# asks for a breached-password check; the portal makes no outside calls, so a short list).
COMMON = {"password1234", "password@123", "password@1234", "123456789012", "1234567890123",
          "qwertyuiop12", "qwerty123456", "welcome@1234", "welcome@12345", "admin@123456",
          "india@123456", "kashmir@1234", "jammu@123456", "eoffice@1234", "eoffice@2026",
          "demo@eoffice2026", "changeme1234", "iloveyou1234", "abcd@1234567", "abc@12345678"}


def character_classes(password):
    return sum(any(test(ch) for ch in password) for test in CLASSES)


def policy_problems(password, username=""):
    """ASVS defaults: length counts, composition rules do not; no user name inside, no
    common password. Composition (EOFFICE_PASSWORD_REQUIRE_CLASSES) only when configured."""
    config = current_app.config
    problems = []
    minimum = config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        problems.append(_("Use at least %(n)d characters.", n=minimum))
    if len(password) > 128:
        problems.append(_("Use at most 128 characters."))
    if username and username.lower() in password.lower():
        problems.append(_("Do not put your user name in your password."))
    lowered = password.lower()
    if lowered in COMMON or len(set(lowered)) <= 2:
        problems.append(_("This password is too easy to guess; choose another."))
    required = config.get("PASSWORD_REQUIRE_CLASSES", 0)
    if required and character_classes(password) < required:
        problems.append(_("Use at least %(n)d of these: small letters, capital letters, "
                          "digits, symbols.", n=required))
    return problems


def expired(user, now):
    """With rotation configured (EOFFICE_PASSWORD_MAX_AGE_DAYS), an old password must go;
    one never changed counts as old."""
    days = current_app.config.get("PASSWORD_MAX_AGE_DAYS", 0)
    if not days:
        return False
    changed = user.password_changed_at
    return changed is None or (now - changed).days >= days
