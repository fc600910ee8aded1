"""EOFFICE_ENV=production refuses to start on what a development server makes up or
allows: generated keys, the SQLite file in instance/, cookies over plain HTTP. One
clear line for each missing setting; with all of them given it starts."""
import os
import subprocess
import sys

from tests.browser.server import ROOT

START = "from eoffice import create_app; create_app(); print('started')"


def start(tmp_path, **settings):
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "SECRET_KEY", "EOFFICE_AUDIT_KEY",
                          "EOFFICE_SECURE_COOKIES", "EOFFICE_ENV", "EOFFICE_ARGON2_MEMORY_KIB",
                          "EOFFICE_ARGON2_TIME_COST")}
    env.update({"EOFFICE_INSTANCE": str(tmp_path), **settings})
    return subprocess.run([sys.executable, "-c", START], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_production_without_settings_refuses_with_one_line_each(tmp_path):
    result = start(tmp_path, EOFFICE_ENV="production", EOFFICE_SECURE_COOKIES="0")
    assert result.returncode != 0 and "started" not in result.stdout
    lines = [line for line in result.stderr.splitlines() if line.startswith("EOFFICE_ENV=production")]
    assert len(lines) == 4, result.stderr
    for name in ("SECRET_KEY", "EOFFICE_AUDIT_KEY", "DATABASE_URL", "EOFFICE_SECURE_COOKIES"):
        assert sum(name in line for line in lines) == 1, (name, lines)
    assert "Traceback" not in result.stderr
    assert not os.path.exists(tmp_path / "secret_key")  # nothing was made up meanwhile


def test_production_with_explicit_settings_starts(tmp_path):
    result = start(tmp_path, EOFFICE_ENV="production", SECRET_KEY="k" * 64,
                   EOFFICE_AUDIT_KEY="a" * 64, DATABASE_URL=f"sqlite:///{tmp_path}/e.db")
    assert result.returncode == 0 and "started" in result.stdout, result.stderr


def test_development_still_starts_with_nothing_set(tmp_path):
    result = start(tmp_path)
    assert result.returncode == 0 and "started" in result.stdout, result.stderr


def test_production_refuses_a_password_hash_cost_below_owasps_floor(tmp_path):
    given = dict(EOFFICE_ENV="production", SECRET_KEY="k" * 64, EOFFICE_AUDIT_KEY="a" * 64,
                 DATABASE_URL=f"sqlite:///{tmp_path}/e.db")
    for memory, passes in (("8192", "1"), ("19455", "2"), ("47103", "1"), ("12287", "3")):
        result = start(tmp_path, EOFFICE_ARGON2_MEMORY_KIB=memory,
                       EOFFICE_ARGON2_TIME_COST=passes, **given)
        assert result.returncode != 0 and "started" not in result.stdout, (memory, passes)
        lines = [line for line in result.stderr.splitlines() if "EOFFICE_ARGON2" in line]
        assert len(lines) == 1 and "OWASP" in lines[0], result.stderr
    for memory, passes in (("19456", "2"), ("47104", "1"), ("7168", "5")):  # the floor itself
        result = start(tmp_path, EOFFICE_ARGON2_MEMORY_KIB=memory,
                       EOFFICE_ARGON2_TIME_COST=passes, **given)
        assert result.returncode == 0 and "started" in result.stdout, result.stderr
