from flask import Blueprint

bp = Blueprint("dak", __name__)
