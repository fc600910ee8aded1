from flask import Blueprint

bp = Blueprint("movement", __name__)
