"""How the audit log writes a moment."""
from flask_babel import to_user_timezone


def timestamp(value):
    """DD-MM-YYYY HH:MM:SS in the user's time zone: the audit log needs the seconds."""
    return to_user_timezone(value).strftime("%d-%m-%Y %H:%M:%S") if value else ""
