"""Issued letters as signed PDFs: rendering, signing, delivery, public verification."""
from . import delivery, doctor, routes, services  # noqa: F401 - routes, jobs, doctor checks
from .blueprint import bp  # noqa: F401

