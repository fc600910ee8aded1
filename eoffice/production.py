"""EOFFICE_ENV=production: start only with settings given on purpose.

A development server makes up what is missing (keys written into instance/, SQLite
there, cookies over plain HTTP); on a production server each of those is a silent
mistake (a new key signs everyone out and breaks the audit chain's verification on the
next host). Production names every missing setting, one line each, and stops; so it
does for a password hash cost below OWASP's floor.
"""
import sys

# setting -> what to say when production lacks it
REQUIRED = (
    ("SECRET_KEY", "SECRET_KEY is not set: the key that signs session cookies, the same on "
                   "every host (e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`)"),
    ("AUDIT_KEY", "EOFFICE_AUDIT_KEY is not set: the key of the audit chain, kept outside the "
                  "database and in the sealed envelope with the backups"),
    ("SQLALCHEMY_DATABASE_URI", "DATABASE_URL is not set: name the database explicitly "
                                "(PostgreSQL, or sqlite:////srv/eoffice/instance/eoffice.db for "
                                "one server)"),
    ("SESSION_COOKIE_SECURE", "EOFFICE_SECURE_COOKIES is off: production serves over HTTPS and "
                              "sends session cookies only there (remove EOFFICE_SECURE_COOKIES=0)"),
)


def production_problems(config):
    """One line for each setting production needs but was not given."""
    problems = [message for setting, message in REQUIRED if not config.get(setting)]
    from .auth.passwords import below_guidance
    from .ratelimits import gunicorn_workers, unshared_limits_problem

    unshared = unshared_limits_problem(config, gunicorn_workers())
    if unshared:
        problems.append(unshared)
    if below_guidance(config["ARGON2_MEMORY_KIB"], config["ARGON2_TIME_COST"]):
        problems.append(
            f"EOFFICE_ARGON2_MEMORY_KIB={config['ARGON2_MEMORY_KIB']} with "
            f"EOFFICE_ARGON2_TIME_COST={config['ARGON2_TIME_COST']} is below OWASP's floor "
            "for argon2id (at least 19456 KiB with 2 passes, 47104 KiB with 1, 12288 with 3, "
            "9216 with 4 or 7168 with 5); the default is 65536 KiB with 3 passes")
    return [f"EOFFICE_ENV=production: {problem}" for problem in problems]


def refuse_to_start_without_settings(config):
    """Before anything is generated into instance/: print what is missing and exit."""
    if config.get("ENVIRONMENT") != "production":
        return
    problems = production_problems(config)
    if problems:
        for line in problems:
            print(line, file=sys.stderr)
        raise SystemExit(2)
