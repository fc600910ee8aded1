"""Deployment tests run deploy/'s files with Debian's own tools (systemd-analyze, nginx,
openssl, rsync). Without them they skip, saying why; with EOFFICE_REQUIRE_DEPLOY=1 (CI
sets it) they fail instead. They serve the embedded SQLite deployment, so the
PostgreSQL pass skips the ones that start servers."""
import os
import shutil

import pytest

REQUIRED = os.environ.get("EOFFICE_REQUIRE_DEPLOY") == "1"


def need(*programs):
    missing = [program for program in programs if not shutil.which(program)
               and not os.path.exists(program)]
    if missing:
        why = f"deployment tests need {', '.join(missing)} (Debian packages)"
        if REQUIRED:
            pytest.fail(f"{why}; EOFFICE_REQUIRE_DEPLOY=1", pytrace=False)
        pytest.skip(why)


def sqlite_pass_only():
    if os.environ.get("EOFFICE_TEST_DATABASE_URL", "").startswith("postgresql"):
        pytest.skip("served on the embedded SQLite deployment; the SQLite pass ran it")
