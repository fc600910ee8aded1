"""Search over files, receipts and final notes: one box in the header, /search for more.
`search.services.search` is the one entry point; `rebuild()` refills the index."""
from . import routes  # noqa: F401 - its views, on the blueprint
from .blueprint import bp  # noqa: F401
from .sync import rebuild  # noqa: F401
