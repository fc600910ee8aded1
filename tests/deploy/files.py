"""deploy/'s files as the tests read them: a unit's command lines, the example
environment file, the nginx site rewritten for loopback ports."""
import os
import re

from tests.browser.server import ROOT

DEPLOY = os.path.join(ROOT, "deploy")
INSTALLED_AT = "/srv/eoffice"  # where the units and the site expect the checkout
UNITS = ("eoffice.service", "eoffice-worker.service", "eoffice-backup.service",
         "eoffice-backup.timer")
SERVICES = tuple(unit for unit in UNITS if unit.endswith(".service"))


def read(name):
    with open(os.path.join(DEPLOY, name)) as handle:
        return handle.read()


def at_checkout(text):
    """The file as if the checkout were installed at /srv/eoffice."""
    return text.replace(INSTALLED_AT, ROOT)


def unit_values(unit, key):
    """Every value of `key=` in a unit file, in order."""
    return [line.split("=", 1)[1].strip() for line in read(unit).splitlines()
            if line.startswith(f"{key}=")]


def command_line(unit, key="ExecStart"):
    """The unit's command as an argument list, run from this checkout."""
    (command,) = unit_values(unit, key)
    return at_checkout(command).split()


ENV_LINE = re.compile(r"^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$")


def environment_file():
    """(settings, defaults): the example file's set lines and its commented defaults."""
    settings, defaults = {}, {}
    for line in read("eoffice.env").splitlines():
        match = ENV_LINE.match(line)
        if match:
            (defaults if match.group(1) else settings)[match.group(2)] = match.group(3)
    return settings, defaults


def nginx_site(replacements):
    """deploy/nginx-eoffice.conf with each (old, new) replaced; every `old` must occur,
    so the test fails when the site changes shape instead of testing something else."""
    site = read("nginx-eoffice.conf")
    for old, new in replacements:
        assert old in site, f"deploy/nginx-eoffice.conf no longer contains {old!r}"
        site = site.replace(old, new)
    return site
