"""Adoption dashboards for the UT, divisions, districts, tehsils, blocks and offices."""
from . import routes  # noqa: F401 - its views, on the blueprint
from .blueprint import bp  # noqa: F401
