"""With several gunicorn workers and memory:// rate limits, each worker counts on its
own (N workers, N times looser): the portal says so loudly at start, and production
refuses to start that way."""
import os
import subprocess
import sys

from eoffice.ratelimits import gunicorn_workers, unshared_limits_problem
from tests.browser.server import ROOT


def test_workers_are_read_from_gunicorns_command_line():
    assert gunicorn_workers(["/usr/bin/python"], {}) == 1
    assert gunicorn_workers(["/srv/eoffice/.venv/bin/gunicorn", "--workers", "4", "app:app"], {}) == 4
    assert gunicorn_workers(["/x/gunicorn", "-w3", "app:app"], {}) == 3
    assert gunicorn_workers(["/x/gunicorn", "app:app"], {"WEB_CONCURRENCY": "5"}) == 5
    assert gunicorn_workers(["/x/gunicorn", "app:app"], {"GUNICORN_CMD_ARGS": "--workers=6"}) == 6


def test_memory_limits_with_several_workers_are_named():
    config = {"RATELIMIT_STORAGE_URI": "memory://"}
    assert "4 times looser" in unshared_limits_problem(config, 4)
    assert unshared_limits_problem(config, 1) is None
    assert unshared_limits_problem({"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379"}, 4) is None


def _start_under_gunicorn(tmp_path, **settings):
    """create_app as gunicorn's master would, with its command line."""
    script = ("import sys; sys.argv = ['gunicorn', '--workers', '2', 'app:app']; "
              "from eoffice import create_app; create_app(); print('started')")
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "EOFFICE_ENV", "EOFFICE_RATELIMIT_STORAGE")}
    env.update({"EOFFICE_INSTANCE": str(tmp_path), **settings})
    return subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_start_says_so_loudly_and_production_refuses(tmp_path):
    started = _start_under_gunicorn(tmp_path)
    assert "started" in started.stdout
    assert "WARNING: EOFFICE_RATELIMIT_STORAGE is memory:// with 2 gunicorn workers" in started.stderr
    refused = _start_under_gunicorn(
        tmp_path, EOFFICE_ENV="production", SECRET_KEY="k" * 64, EOFFICE_AUDIT_KEY="a" * 64,
        DATABASE_URL=f"sqlite:///{tmp_path}/e.db", EOFFICE_SECURE_COOKIES="1")
    assert refused.returncode != 0 and "started" not in refused.stdout
    assert "EOFFICE_ENV=production: EOFFICE_RATELIMIT_STORAGE is memory://" in refused.stderr
