"""deploy/eoffice.env lists every setting the portal, gunicorn and the scripts read, with
its real default; README's table names each one; nginx's limits match the portal's."""
import glob
import json
import os
import re
import subprocess
import sys

from tests.browser.server import ROOT
from tests.deploy import files

READS = re.compile(r'(?:environ(?:\.get)?\(|environ\[|env_(?:int|bool|float)\(|getenv\()\s*"([A-Z][A-Z0-9_]+)"')
SHELL_READS = re.compile(r"\$\{([A-Z][A-Z0-9_]+)")
# the test suite's, and gunicorn's own (read to count the workers), not the portal's
NOT_SETTINGS = {"EOFFICE_TEST_DATABASE_URL", "GUNICORN_CMD_ARGS", "WEB_CONCURRENCY"}


def settings_read_by_the_code():
    names = set()
    sources = [os.path.join(ROOT, "config.py"), os.path.join(files.DEPLOY, "gunicorn.conf.py"),
               *glob.glob(os.path.join(ROOT, "eoffice", "**", "*.py"), recursive=True)]
    for path in sources:
        with open(path) as handle:
            names |= set(READS.findall(handle.read()))
    names |= set(SHELL_READS.findall(files.read("eoffice-offsite")))
    return names - NOT_SETTINGS


def test_every_setting_is_in_the_example_environment_file():
    settings, defaults = files.environment_file()
    missing = settings_read_by_the_code() - set(settings) - set(defaults)
    assert not missing, f"add to deploy/eoffice.env (with its default): {sorted(missing)}"
    unknown = (set(settings) | set(defaults)) - settings_read_by_the_code()
    assert not unknown, f"deploy/eoffice.env lists what nothing reads: {sorted(unknown)}"


def test_every_setting_is_in_the_readme():
    with open(os.path.join(ROOT, "README.md")) as handle:
        readme = handle.read()
    missing = [name for name in settings_read_by_the_code() if f"`{name}`" not in readme]
    assert not missing, f"README's configuration table lacks {sorted(missing)}"


CONFIG_DUMP = ("import json, config\n"
               "print(json.dumps({k: getattr(config.Config, k) for k in dir(config.Config)"
               " if k.isupper()}, default=repr))")
GUNICORN_DUMP = ("import json, runpy\n"
                 "conf = runpy.run_path('deploy/gunicorn.conf.py')\n"
                 "print(json.dumps({k: v for k, v in conf.items() if not k.startswith('_')"
                 " and k != 'os'}, default=repr))")


def dump(script, extra):
    env = {key: value for key, value in os.environ.items()
           if key not in settings_read_by_the_code()}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env={**env, **extra},
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_the_commented_defaults_are_the_real_defaults():
    _settings, defaults = files.environment_file()
    written = {name: value for name, value in defaults.items() if value}
    assert len(written) >= 30
    assert dump(CONFIG_DUMP, written) == dump(CONFIG_DUMP, {})
    assert dump(GUNICORN_DUMP, written) == dump(GUNICORN_DUMP, {})
    # and the check can fail: a wrong default changes what the portal does
    assert dump(CONFIG_DUMP, {**written, "EOFFICE_LOCKOUT_THRESHOLD": "6"}) != dump(CONFIG_DUMP, {})


def test_the_set_lines_are_what_nginx_expects():
    settings, _defaults = files.environment_file()
    site = files.read("nginx-eoffice.conf")
    assert settings["EOFFICE_PROXY_HOPS"] == "1"  # nginx is the one hop
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in site
    assert f"server {settings['EOFFICE_BIND']};" in site
    assert settings["EOFFICE_SECURE_COOKIES"] == "1"
    assert settings["EOFFICE_INSTANCE"] == files.unit_values("eoffice.service", "ReadWritePaths")[0]
