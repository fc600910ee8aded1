"""The doctor's checks of this host: instance folder, disk, SQLite WAL, backups, cookies
and the nginx site in front."""
import json
import os
import pwd
import shutil
from datetime import datetime, timezone

from flask import current_app

from ..extensions import db
from ..integrity import anchors
from .findings import doctor_check, fine, problem, skipped
from .nginx import site_findings

MB = 1024 * 1024
KEY_FILES = ("secret_key", "audit_key")


def _owner(uid):
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


@doctor_check
def instance_owner():
    path = current_app.instance_path
    if not os.path.isdir(path):
        return problem("instance folder", f"{path} does not exist",
                       f"create it for the service user: install -d -o eoffice -g eoffice "
                       f"-m 0750 {path}")
    uid = os.stat(path).st_uid
    if uid == 0:
        return problem("instance folder", f"{path} belongs to root",
                       f"the portal runs as its own user: chown -R eoffice:eoffice {path}")
    me = os.geteuid()
    if me not in (0, uid):
        return problem("instance folder", f"{path} belongs to {_owner(uid)}, not to "
                       f"{_owner(me)} who runs this", f"run the doctor as the service user: "
                       f"sudo -u {_owner(uid)} flask --app app eoffice doctor")
    strangers = [name for name in sorted(os.listdir(path))
                 if os.lstat(os.path.join(path, name)).st_uid != uid]
    if strangers:
        return problem("instance folder", f"{', '.join(strangers[:5])} in {path} belong to "
                       f"another user than the folder ({_owner(uid)})",
                       f"chown -R {_owner(uid)}: {path} (a command run as root left them)")
    return fine("instance folder", f"{path} and what it holds belong to {_owner(uid)}")


def _loose(path, forbidden):
    return os.path.exists(path) and os.stat(path).st_mode & forbidden


@doctor_check
def instance_permissions():
    path = current_app.instance_path
    if not os.path.isdir(path):
        return skipped("instance permissions", f"{path} does not exist")
    found = []
    if _loose(path, 0o007):
        found.append((f"{path} is open to other users ({oct(os.stat(path).st_mode & 0o777)})",
                      f"chmod 0750 {path}"))
    for name in KEY_FILES:
        key = os.path.join(path, name)
        if _loose(key, 0o077):
            found.append((f"{key} can be read by others than its owner", f"chmod 0600 {key}"))
    for name in sorted(os.listdir(path)):
        file = os.path.join(path, name)
        if ".sqlite" in name or name.startswith("eoffice.db"):
            if _loose(file, 0o007):
                found.append((f"{file} can be read by any user", f"chmod o-rwx {file}"))
    if not found:
        return fine("instance permissions", "keys readable by the owner only, data closed to "
                    "other users")
    return [problem("instance permissions", text, advice) for text, advice in found]


@doctor_check
def free_disk():
    config = current_app.config
    least = config["DOCTOR_MIN_FREE_MB"]
    findings = []
    for label, path in (("instance folder", current_app.instance_path),
                        ("backups", config["BACKUP_DIR"])):
        if not os.path.isdir(path):
            continue
        usage = shutil.disk_usage(path)
        free_mb, share = usage.free // MB, usage.free / usage.total if usage.total else 0
        text = f"{free_mb:,} MB ({share:.0%}) free for the {label} ({path})"
        if free_mb < least or share < 0.05:
            findings.append(problem("free disk", text, f"free space or grow the disk: below "
                                    f"{least} MB or 5 % writes start failing (507)"))
        else:
            findings.append(fine("free disk", text))
    return findings or [skipped("free disk", "no instance or backup folder to measure")]


def sqlite_file():
    """The SQLite database's path, or None (PostgreSQL, in memory)."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return url.database


@doctor_check
def sqlite_wal():
    database = sqlite_file()
    if database is None:
        return skipped("SQLite WAL", f"the database is {db.engine.url.get_backend_name()}, "
                       "not a SQLite file")
    wal = database + "-wal"
    size = os.path.getsize(wal) if os.path.exists(wal) else 0
    limit = current_app.config["DOCTOR_MAX_WAL_MB"]
    text = f"{wal} is {size / MB:,.1f} MB"
    if size > limit * MB:
        return problem("SQLite WAL", f"{text} (more than {limit} MB)",
                       "a long-running reader keeps SQLite from recycling it: restart the "
                       "portal and worker (systemctl restart eoffice eoffice-worker); it "
                       "shrinks at the next checkpoint")
    return fine("SQLite WAL", text)


def _made_at(folder):
    try:
        with open(os.path.join(folder, "manifest.json")) as handle:
            made_at = json.load(handle)["made_at"]
        return datetime.fromisoformat(made_at.rstrip("Z")).replace(tzinfo=timezone.utc)
    except (OSError, ValueError, KeyError, TypeError):
        return None


@doctor_check
def last_backup():
    config = current_app.config
    root, hours = config["BACKUP_DIR"], config["BACKUP_MAX_AGE_HOURS"]
    enable = "systemctl enable --now eoffice-backup.timer (deploy/eoffice-backup.timer)"
    if not os.path.isdir(root):
        return problem("backups", f"no backup folder {root}", f"create it for the service "
                       f"user (install -d -o eoffice -g eoffice -m 0750 {root}), then {enable}")
    names = sorted(os.listdir(root))
    good = [name for name in names if name.startswith("eoffice-")]
    failed = [name for name in names if name.startswith("failed-eoffice-")]
    if not good:
        return problem("backups", f"no finished backup in {root}", enable)
    newest = os.path.join(root, good[-1])
    made_at = _made_at(newest)
    if made_at is None:
        return problem("backups", f"{newest} has no readable manifest.json",
                       f"flask --app app eoffice verify-backup {newest}")
    age = (datetime.now(timezone.utc) - made_at).total_seconds() / 3600
    findings = []
    if failed and failed[-1].removeprefix("failed-") > good[-1]:
        findings.append(problem("backups", f"the last backup failed its checks "
                                f"({os.path.join(root, failed[-1])})",
                                "journalctl -u eoffice-backup; then flask --app app eoffice verify"))
    text = f"newest {newest}, {age:.1f} hours old"
    if age > hours:
        findings.append(problem("backups", f"{text} (more than {hours})",
                                f"systemctl status eoffice-backup.timer; journalctl -u "
                                f"eoffice-backup; {enable}"))
    return findings or [fine("backups", text)]


@doctor_check
def secure_cookies():
    config = current_app.config
    if not config["SESSION_COOKIE_SECURE"]:
        return problem("cookies", "EOFFICE_SECURE_COOKIES=0: the session cookie also travels "
                       "over plain HTTP", "serve HTTPS (deploy/nginx-eoffice.conf) and set "
                       "EOFFICE_SECURE_COOKIES=1 in /etc/eoffice.env")
    return fine("cookies", f"the session cookie is {config['SESSION_COOKIE_NAME']}: HTTPS "
                "only, this host only")


@doctor_check
def nginx_site():
    return site_findings(current_app.config)


@doctor_check
def last_anchor():
    """The anchor log: present, every line sealed, the audit log still reaching its newest
    anchor, and that anchor no older than a backup may be (each backup writes one)."""
    path, hours = anchors.anchor_log_path(), current_app.config["BACKUP_MAX_AGE_HOURS"]
    write_one = "flask --app app eoffice anchor (each backup writes one too)"
    if not os.path.exists(path):
        return problem("anchors", f"no anchor log at {path}", write_one)
    findings = [problem("anchors", text, "flask --app app eoffice verify --anchors <the copy "
                        "kept off the server>; README: Records that cannot be lost")
                for text in anchors.check(path)]
    sealed = [anchor for _number, anchor in anchors.read(path)
              if isinstance(anchor, dict) and anchors.is_sealed(anchor)]
    if not sealed:
        return findings + [problem("anchors", f"{path} has no sealed anchor", write_one)]
    newest = sealed[-1]
    made_at = datetime.fromisoformat(newest["at"].rstrip("Z")).replace(tzinfo=timezone.utc)
    age = (datetime.now(timezone.utc) - made_at).total_seconds() / 3600
    text = f"newest anchor at event {newest['audit_id']}, {age:.1f} hours old"
    if age > hours:
        findings.append(problem("anchors", f"{text} (more than {hours})",
                                f"systemctl status eoffice-backup.timer; {write_one}"))
    return findings or [fine("anchors", text)]
