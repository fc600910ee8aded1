from . import account, routes  # noqa: F401 - their views, on the blueprint
from .blueprint import bp  # noqa: F401
