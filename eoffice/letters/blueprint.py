"""The letters blueprint, apart from the package so its views import it without a circle."""
from flask import Blueprint

bp = Blueprint("letters", __name__)
