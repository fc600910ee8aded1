"""Entry point: `flask --app app ...` and `gunicorn app:app`."""
import gc

from eoffice import create_app

app = create_app()

# Everything built so far (modules, routes, the app) lives as long as the process. Kept
# out of the garbage collector's full passes, those passes take a few milliseconds
# instead of ~80 (measured on the inbox), which a request would otherwise wait through.
gc.collect()
gc.freeze()
