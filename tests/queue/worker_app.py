"""The portal as `flask --app tests.queue.worker_app eoffice worker` runs it, with the
test job kinds registered (configuration from the environment, as in production)."""
from eoffice import create_app
from tests.queue import jobs_for_tests  # noqa: F401 - registers the test job kinds

app = create_app("config.Config")
