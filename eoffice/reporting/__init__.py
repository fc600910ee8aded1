"""District reporting: proposals, workshops, IT readiness, problems, monthly reports."""
from .blueprint import bp  # noqa: F401
from .routes import monthly, overview, problems, proposals, readiness, workshops  # noqa: F401
