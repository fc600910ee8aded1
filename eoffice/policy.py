"""May this user do this to this object? One place, used by services and templates."""


def can_administer(user):
    return user.is_authenticated and user.has_role("it_admin")


def register(app):
    app.jinja_env.globals["policy"] = __import__(__name__, fromlist=["*"])
