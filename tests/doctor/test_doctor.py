"""`eoffice doctor`: a good installation passes every check; each way of getting one
wrong is found, named, and told what to do."""
import json
import os
import re
from datetime import datetime, timedelta, timezone

import pytest

from eoffice import create_app
from eoffice.doctor import checks as doctor_checks
from eoffice.doctor import examine, fine, problem
from eoffice.extensions import db
from eoffice.integrity.backup import make_backup
from eoffice.integrity.keys import differing_keys
from tests.browser.server import ROOT

SITE = os.path.join(ROOT, "deploy", "nginx-eoffice.conf")
SERVICE_UID = 65534  # nobody: the installation belongs to a user other than root


def owned(path):
    if os.geteuid() == 0:
        for folder, names, files in os.walk(path):
            os.chown(folder, SERVICE_UID, SERVICE_UID)
            for name in names + files:
                os.lchown(os.path.join(folder, name), SERVICE_UID, SERVICE_UID)


@pytest.fixture
def installed(shared_app, tmp_path, monkeypatch):
    """The app configured as deploy/ installs it, with a fresh checked backup."""
    app = shared_app
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o750)
    os.chmod(instance, 0o750)
    (instance / "blobs").mkdir(mode=0o750)
    for key in ("secret_key", "audit_key"):
        (instance / key).write_text("k" * 64)
        os.chmod(instance / key, 0o600)
    app.instance_path = str(instance)
    app.config.update(BACKUP_DIR=str(tmp_path / "backups"), NGINX_SITE=SITE, PROXY_HOPS=1,
                      SESSION_COOKIE_SECURE=True, SESSION_COOKIE_NAME="__Host-session",
                      DOCTOR_MIN_FREE_MB=1, ENVIRONMENT="production",
                      RATELIMIT_STORAGE_URI="memory://", PUBLIC_URL="https://eoffice.jk.gov.in",
                      ARGON2_MEMORY_KIB=7168, ARGON2_TIME_COST=5)  # OWASP's floor, cheapest
    monkeypatch.setenv("EOFFICE_WORKERS", "1")  # one worker: memory:// counts for all
    make_backup(str(tmp_path / "backups"))
    owned(str(instance))
    return app


def findings_of(check):
    return [finding for finding in examine() if finding.check == check]


def problems():
    return [finding.line() for finding in examine() if finding.is_problem]


def test_a_good_installation_has_nothing_to_do(installed):
    assert problems() == []
    checks = {finding.check for finding in examine() if finding.state == "ok"}
    assert {"instance folder", "instance permissions", "free disk", "backups", "anchors",
            "cookies", "nginx site", "upload limit", "proxy hops"} <= checks
    result = installed.test_cli_runner().invoke(args=["eoffice", "doctor"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("Nothing needs doing.")


def test_the_command_exits_1_with_a_line_per_finding(installed):
    installed.config["SESSION_COOKIE_SECURE"] = False
    result = installed.test_cli_runner().invoke(args=["eoffice", "doctor"])
    assert result.exit_code == 1
    line = [line for line in result.output.splitlines() if line.startswith("FAIL  cookies")]
    assert line == ["FAIL  cookies: EOFFICE_SECURE_COOKIES=0: the session cookie also travels "
                    "over plain HTTP -> serve HTTPS (deploy/nginx-eoffice.conf) and set "
                    "EOFFICE_SECURE_COOKIES=1 in /etc/eoffice.env"]
    assert "production settings: EOFFICE_ENV=production: EOFFICE_SECURE_COOKIES is off" in result.output
    assert "2 finding(s) need doing." in result.output, result.output


def test_a_missing_instance_folder(installed, tmp_path):
    installed.instance_path = str(tmp_path / "nowhere")
    (finding,) = findings_of("instance folder")
    assert finding.is_problem and "does not exist" in finding.text
    assert "install -d -o eoffice" in finding.advice


@pytest.mark.skipif(os.geteuid() != 0, reason="making files of another owner needs root")
def test_an_instance_folder_of_root_or_with_strangers_inside(installed):
    instance = installed.instance_path
    os.chown(instance, 0, 0)
    (finding,) = findings_of("instance folder")
    assert finding.is_problem and "belongs to root" in finding.text
    assert f"chown -R eoffice:eoffice {instance}" in finding.advice
    owned(instance)
    os.lchown(os.path.join(instance, "audit_key"), 0, 0)  # `sudo flask ...` made it
    (finding,) = findings_of("instance folder")
    assert finding.is_problem and "audit_key" in finding.text and "chown -R" in finding.advice


def test_loose_permissions(installed):
    instance = installed.instance_path
    os.chmod(instance, 0o755)
    os.chmod(os.path.join(instance, "audit_key"), 0o640)
    database = os.path.join(instance, "eoffice.db")
    with open(database, "w"):
        pass
    os.chmod(database, 0o644)
    found = findings_of("instance permissions")
    assert all(finding.is_problem for finding in found)
    advice = sorted(finding.advice for finding in found)
    assert advice == [f"chmod 0600 {instance}/audit_key", f"chmod 0750 {instance}",
                      f"chmod o-rwx {database}"]


def test_too_little_free_disk(installed):
    installed.config["DOCTOR_MIN_FREE_MB"] = 10 ** 9  # a petabyte
    found = findings_of("free disk")
    assert len(found) == 2 and all(finding.is_problem for finding in found)
    assert "free for the instance folder" in found[0].text and "507" in found[0].advice
    assert "free for the backups" in found[1].text


def test_a_sqlite_wal_that_grew(tmp_path):
    app = create_app("config.TestConfig", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/w.db",
                     SQLALCHEMY_ENGINE_OPTIONS={})
    with app.app_context():
        db.create_all()
        db.session.execute(db.text("CREATE TABLE filler (data BLOB)"))
        for _ in range(20):
            db.session.execute(db.text("INSERT INTO filler VALUES (randomblob(65536))"))
        db.session.commit()
        (finding,) = [finding for finding in examine([doctor_checks.sqlite_wal])]
        assert finding.state == "ok" and "w.db-wal is" in finding.text
        app.config["DOCTOR_MAX_WAL_MB"] = 1
        (finding,) = examine([doctor_checks.sqlite_wal])
        assert finding.is_problem and "more than 1 MB" in finding.text
        assert "systemctl restart eoffice eoffice-worker" in finding.advice
        db.session.remove()
        db.engine.dispose()


def test_the_wal_check_does_not_apply_to_postgresql_or_memory(app):
    (finding,) = findings_of("SQLite WAL")
    assert finding.state == "skipped" and not finding.is_problem


def _manifest(folder, made_at):
    path = os.path.join(folder, "manifest.json")
    with open(path) as handle:
        manifest = json.load(handle)
    manifest["made_at"] = made_at.replace(tzinfo=None).isoformat() + "Z"
    with open(path, "w") as handle:
        json.dump(manifest, handle)


def test_backups_missing_old_failed_or_unreadable(installed, tmp_path):
    root = installed.config["BACKUP_DIR"]
    (newest,) = [os.path.join(root, name) for name in os.listdir(root)]
    (finding,) = findings_of("backups")
    assert finding.state == "ok" and re.search(r"0\.0 hours old", finding.text)

    _manifest(newest, datetime.now(timezone.utc) - timedelta(hours=27))
    (finding,) = findings_of("backups")
    assert finding.is_problem and "more than 26" in finding.text
    assert "journalctl -u eoffice-backup" in finding.advice

    _manifest(newest, datetime.now(timezone.utc))
    os.makedirs(os.path.join(root, "failed-eoffice-99991231T000000000000Z"))
    (finding,) = findings_of("backups")
    assert finding.is_problem and "the last backup failed its checks" in finding.text

    os.rmdir(os.path.join(root, "failed-eoffice-99991231T000000000000Z"))
    os.unlink(os.path.join(newest, "manifest.json"))
    (finding,) = findings_of("backups")
    assert finding.is_problem and "verify-backup" in finding.advice

    installed.config["BACKUP_DIR"] = str(tmp_path / "empty")
    os.makedirs(installed.config["BACKUP_DIR"])
    (finding,) = findings_of("backups")
    assert finding.is_problem and "no finished backup" in finding.text
    assert "systemctl enable --now eoffice-backup.timer" in finding.advice
    installed.config["BACKUP_DIR"] = str(tmp_path / "absent")
    (finding,) = findings_of("backups")
    assert finding.is_problem and "no backup folder" in finding.text


def _site(tmp_path, installed, *replacements):
    with open(SITE) as handle:
        site = handle.read()
    for old, new in replacements:
        assert old in site
        site = site.replace(old, new)
    path = tmp_path / "site.conf"
    path.write_text(site)
    installed.config["NGINX_SITE"] = str(path)


def test_an_nginx_site_without_https(installed, tmp_path):
    _site(tmp_path, installed, ("listen 443 ssl http2;", "listen 443;"))
    (finding,) = findings_of("nginx site")
    assert finding.is_problem and "serves no HTTPS" in finding.text
    _site(tmp_path, installed, ("return 301 https://$host$request_uri;", "proxy_pass http://eoffice;"))
    (finding,) = findings_of("nginx site")
    assert finding.is_problem and "does not send plain HTTP to HTTPS" in finding.text


def test_upload_limits_that_do_not_match(installed, tmp_path):
    installed.config["MAX_UPLOAD_MB"] = 50
    found = findings_of("upload limit")
    assert [finding.advice.split(" in ")[0] for finding in found] == [
        "set client_max_body_size 51m for pages", "set client_max_body_size 68m for /api/"]
    installed.config["MAX_UPLOAD_MB"] = 20
    _site(tmp_path, installed, ("        client_max_body_size 28m;\n", ""))
    (finding,) = findings_of("upload limit")
    assert finding.is_problem and "nginx's default of 1 MB" in finding.text
    _site(tmp_path, installed, ("# the file.", "# the file. client_max_body_size 21m;"),
          ("    client_max_body_size 21m;\n", "    client_max_body_size 2m;\n"))
    (finding,) = findings_of("upload limit")  # a commented value does not count
    assert finding.is_problem and "requests of 2 MB" in finding.text


def test_proxy_hops_that_do_not_match_nginx(installed, tmp_path):
    installed.config["PROXY_HOPS"] = 0
    (finding,) = findings_of("proxy hops")
    assert finding.is_problem and "EOFFICE_PROXY_HOPS=1" in finding.advice
    installed.config["PROXY_HOPS"] = 1
    _site(tmp_path, installed, ("    proxy_set_header X-Forwarded-For $remote_addr;\n    proxy_set_header X-Forwarded-Proto $scheme;\n    proxy_set_header X-Forwarded-Host",
                                "    proxy_set_header X-Forwarded-Proto $scheme;\n    proxy_set_header X-Forwarded-Host"),
          ("        proxy_set_header X-Forwarded-For $remote_addr;\n", ""))
    (finding,) = findings_of("proxy hops")
    assert finding.is_problem and "clients could write their own address" in finding.text


def test_no_nginx_site_on_this_host_is_not_a_problem(installed, tmp_path):
    installed.config["NGINX_SITE"] = str(tmp_path / "none")
    (finding,) = findings_of("nginx site")
    assert finding.state == "skipped"


def test_a_check_that_breaks_is_a_finding_and_the_others_still_run(installed):
    def exploding_check():
        raise RuntimeError("cannot read")

    found = examine([exploding_check, lambda: fine("after", "ran")])
    assert found[0].is_problem and "the check itself failed (RuntimeError: cannot read)" in found[0].text
    assert found[1] == fine("after", "ran")
    assert problem("x", "y", "z").line() == "FAIL  x: y -> z"


def test_readiness_as_healthz_asks_it(installed):
    found = {finding.check: finding for finding in examine()}
    assert found["database"].state == "ok" and found["attachments"].state == "ok"
    assert found["migrations"].state == "ok"
    installed.config["SCHEMA_FROM_MIGRATIONS"] = True  # the test schema came from the models
    (finding,) = findings_of("migrations")
    assert finding.is_problem and "db upgrade" in finding.text
    assert finding.advice == "then systemctl restart eoffice eoffice-worker"


def test_production_settings(installed):
    installed.config["ENVIRONMENT"] = "development"
    (finding,) = findings_of("production settings")
    assert finding.is_problem and "EOFFICE_ENV=production" in finding.advice
    installed.config.update(ENVIRONMENT="production", SECRET_KEY="")
    (finding,) = findings_of("production settings")
    assert finding.is_problem and "SECRET_KEY is not set" in finding.text


def test_rate_limits_counted_per_worker(installed, monkeypatch):
    installed.config["RATELIMIT_STORAGE_URI"] = "memory://"
    monkeypatch.setenv("EOFFICE_WORKERS", "1")
    (finding,) = findings_of("rate-limit storage")
    assert finding.state == "ok"
    monkeypatch.setenv("EOFFICE_WORKERS", "4")
    (finding,) = findings_of("rate-limit storage")
    assert finding.is_problem and "4 times the limit" in finding.text
    assert "EOFFICE_RATELIMIT_STORAGE=redis://" in finding.advice


def test_a_shared_rate_limit_store_that_answers_or_not(installed, tmp_path, monkeypatch):
    from tests.deploy.conftest import need
    from tests.deploy.stack import REDIS, Redis

    need(REDIS)
    monkeypatch.setenv("EOFFICE_WORKERS", "4")
    redis = Redis(str(tmp_path)).start()
    try:
        installed.config["RATELIMIT_STORAGE_URI"] = redis.url
        (finding,) = findings_of("rate-limit storage")
        assert finding.state == "ok" and "shared by all 4 workers" in finding.text
    finally:
        redis.stop()
    (finding,) = findings_of("rate-limit storage")
    assert finding.is_problem and "does not answer" in finding.text


def test_keys_that_are_not_the_databases(installed):
    from eoffice import audit

    audit.record("doctor.test", detail="an event sealed with this host's key")
    assert differing_keys(record=True) == []  # as a server's first start records them
    db.session.commit()
    (finding,) = findings_of("audit key")
    assert finding.state == "ok"
    installed.config["AUDIT_KEY"] = "another-host-made-up-its-own-key-" + "x" * 32
    (finding,) = findings_of("audit key")
    assert finding.is_problem and "EOFFICE_AUDIT_KEY (or instance/audit_key) differs from the " \
        "key this database's records were sealed with" in finding.text
    assert "sealed envelope" in finding.advice
    installed.config["SECRET_KEY"] = "short"
    found = findings_of("audit key")
    assert any("SECRET_KEY is missing or shorter than 32" in f.text for f in found)


def test_a_worker_that_takes_no_work_or_jobs_that_failed(installed):
    from datetime import timedelta

    from eoffice.clock import utcnow
    from eoffice.models import BackgroundJob

    (finding,) = findings_of("worker")
    assert finding.state == "ok"
    now = utcnow()
    db.session.add(BackgroundJob(kind="ocr.scan", key="a" * 64, params={}, state="queued",
                                 run_after=now - timedelta(minutes=11), created_at=now))
    db.session.add(BackgroundJob(kind="ocr.scan", key="b" * 64, params={}, state="queued",
                                 run_after=now - timedelta(minutes=2), created_at=now))
    db.session.commit()
    (finding,) = findings_of("worker")
    assert finding.is_problem and finding.text.startswith("1 background job(s) waiting")
    assert "systemctl status eoffice-worker" in finding.advice
    db.session.add(BackgroundJob(kind="ocr.scan", key="c" * 64, params={}, state="failed",
                                 attempts=5, run_after=now, created_at=now, last_error="x"))
    db.session.commit()
    found = findings_of("worker")
    assert len(found) == 2 and "eoffice jobs --failed" in found[1].advice


def _rewrite_anchor_log(path, change):
    with open(path) as handle:
        lines = [json.loads(line) for line in handle if line.strip()]
    with open(path, "w") as handle:
        for anchor in change(lines):
            handle.write(json.dumps(anchor, sort_keys=True) + "\n")


def test_anchors_missing_forged_old_or_ahead_of_the_log(installed):
    from sqlalchemy import func

    from eoffice.integrity import anchors
    from eoffice.models import AuditEvent

    path = anchors.anchor_log_path()
    (finding,) = findings_of("anchors")
    assert finding.state == "ok" and "0.0 hours old" in finding.text

    old = (datetime.now(timezone.utc) - timedelta(hours=27)).replace(tzinfo=None)
    with open(path) as handle:
        original = handle.read()
    _rewrite_anchor_log(path, lambda lines: [anchors.seal_json(
        {**{k: v for k, v in line.items() if k != "seal"}, "at": old.isoformat() + "Z"})
        for line in lines])
    (finding,) = findings_of("anchors")
    assert finding.is_problem and "more than 26" in finding.text
    assert "eoffice anchor" in finding.advice

    with open(path, "w") as handle:  # a line edited by hand no longer carries its seal
        handle.write(original.replace('"reason": "', '"reason": "edited '))
    found = findings_of("anchors")
    assert any(f.is_problem and "not an anchor sealed with this audit key" in f.text
               for f in found)

    with open(path, "w") as handle:
        handle.write(original)
    last = db.session.scalar(func.max(AuditEvent.id)) or 0  # the log's end, cut below an anchor
    _rewrite_anchor_log(path, lambda lines: lines + [anchors.make_anchor(last + 5, "f" * 64, "x")])
    found = findings_of("anchors")
    assert any(f.is_problem and "are missing" in f.text for f in found)

    os.unlink(path)
    (finding,) = findings_of("anchors")
    assert finding.is_problem and "no anchor log" in finding.text
