"""`flask --app app eoffice ...`: the group every area's commands join; eoffice.cli
imports those modules and adds the group to the app."""
from flask.cli import AppGroup

eoffice_cli = AppGroup("eoffice", help="eoffice administration commands.")
