"""Entry point: `flask --app app ...` and `gunicorn app:app`."""
from eoffice import create_app

app = create_app()
