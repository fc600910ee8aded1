from flask import Blueprint

bp = Blueprint("drafts", __name__)
