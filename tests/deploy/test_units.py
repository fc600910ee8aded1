"""deploy/'s systemd units: systemd itself accepts them, they are hardened, the timer runs
the backup, and the off-site script ships the newest good backup."""
import os
import subprocess

import pytest

from tests.deploy import files
from tests.deploy.conftest import need

HARDENING = {"User": "eoffice", "NoNewPrivileges": "yes", "PrivateTmp": "yes",
             "ProtectSystem": "strict", "ProtectHome": "yes", "EnvironmentFile": "/etc/eoffice.env"}


def verify(folder, replace=()):
    """systemd-analyze verify on the units as installed from this checkout."""
    need("systemd-analyze")
    for unit in files.UNITS:
        text = files.at_checkout(files.read(unit))
        for old, new in replace:
            text = text.replace(old, new)
        with open(os.path.join(folder, unit), "w") as handle:
            handle.write(text)
    return subprocess.run(["systemd-analyze", "verify", *files.UNITS], cwd=folder,
                          capture_output=True, text=True)


def test_systemd_accepts_every_unit_without_a_warning(tmp_path):
    result = verify(tmp_path)
    assert result.returncode == 0 and result.stdout + result.stderr == "", result.stderr


def test_the_check_catches_a_broken_unit(tmp_path):
    result = verify(tmp_path, [("ProtectSystem=strict", "ProtectSystm=strict")])
    assert "Unknown key" in result.stderr
    result = verify(tmp_path, [("/.venv/bin/gunicorn", "/.venv/bin/no-such-gunicorn")])
    assert result.returncode != 0 and "no-such-gunicorn" in result.stderr


@pytest.mark.parametrize("unit", files.SERVICES)
def test_services_run_hardened_as_their_own_user(unit):
    for key, value in HARDENING.items():
        assert files.unit_values(unit, key) == [value], (unit, key)
    assert files.unit_values(unit, "ReadWritePaths")[0].startswith("/srv/eoffice/instance")
    assert files.unit_values(unit, "CapabilityBoundingSet") == [""]
    if unit != "eoffice-backup.service":
        assert files.unit_values(unit, "Restart") == ["always"]


def test_the_worker_and_the_backup_run_the_portals_commands():
    assert files.command_line("eoffice-worker.service")[1:] == ["--app", "app", "eoffice", "worker"]
    backup = files.command_line("eoffice-backup.service")
    assert backup[1:5] == ["--app", "app", "eoffice", "backup"]
    directory = backup[5]
    assert directory in files.unit_values("eoffice-backup.service", "ReadWritePaths")[0].split()
    assert files.command_line("eoffice-backup.service", "ExecStartPost")[1:] == [directory]


def test_the_timer_backs_up_in_office_hours_and_at_night():
    need("systemd-analyze")
    times = files.unit_values("eoffice-backup.timer", "OnCalendar")
    result = subprocess.run(["systemd-analyze", "calendar", "--iterations", "7", *times],
                            capture_output=True, text=True, env={**os.environ, "TZ": "UTC"})
    assert result.returncode == 0, result.stderr
    hours = sorted({line.split()[-2][:5] for line in result.stdout.splitlines()
                    if "Iter." in line or "Next elapse" in line})
    # IST is UTC+5:30: 01:30, 09:00 ... 19:00 IST
    assert hours == ["03:30", "05:30", "07:30", "09:30", "11:30", "13:30", "20:00"], hours
    assert files.unit_values("eoffice-backup.timer", "Persistent") == ["true"]


def offsite(tmp_path, destination):
    env = {"PATH": os.environ["PATH"]}
    if destination is not None:
        env["EOFFICE_OFFSITE"] = destination
    return subprocess.run([os.path.join(files.DEPLOY, "eoffice-offsite"), str(tmp_path / "backups")],
                          capture_output=True, text=True, env=env)


def test_offsite_ships_the_newest_good_backup(tmp_path):
    need("rsync")
    backups = tmp_path / "backups"
    for name in ("eoffice-20261201T013000Z", "eoffice-20261207T013000Z", "failed-20261208T013000Z"):
        (backups / name).mkdir(parents=True)
        (backups / name / "manifest.json").write_text(name)
    destination = tmp_path / "offsite"
    destination.mkdir()
    result = offsite(tmp_path, f"{destination}/")
    assert result.returncode == 0, result.stderr
    assert sorted(os.listdir(destination)) == ["eoffice-20261207T013000Z"]
    assert (destination / "eoffice-20261207T013000Z" / "manifest.json").read_text() == \
        "eoffice-20261207T013000Z"


def test_offsite_says_when_nothing_is_shipped(tmp_path):
    (tmp_path / "backups").mkdir()
    unset = offsite(tmp_path, None)
    assert unset.returncode == 0 and "EOFFICE_OFFSITE is not set" in unset.stdout
    (tmp_path / "backups" / "failed-20261208T013000Z").mkdir()
    nothing = offsite(tmp_path, str(tmp_path / "offsite"))
    assert nothing.returncode == 1 and "no finished backup" in nothing.stderr
