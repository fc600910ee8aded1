"""EOFFICE_ANCHOR_SYSLOG=1: every anchor also goes to syslog, sealed, tagged
`eoffice-anchor` (facility authpriv, level notice), to the local daemon's socket or by UDP
straight to the central log host. Each test starts its own receiver and reads what
arrives."""
import json
import os
import socket
import tempfile

import pytest

from eoffice.extensions import db
from eoffice.integrity import anchors
from tests.factories import make_history

PREFIX = b"<85>eoffice-anchor: "  # authpriv (10) * 8 + notice (5)


@pytest.fixture
def unix_receiver():
    """A syslog daemon's socket (a datagram socket, as /dev/log is) in a short path."""
    folder = tempfile.mkdtemp(prefix="eo-log-", dir="/tmp")
    path = os.path.join(folder, "log")
    receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    receiver.bind(path)
    receiver.settimeout(10)
    yield receiver, path
    receiver.close()
    os.unlink(path)
    os.rmdir(folder)


@pytest.fixture
def udp_receiver():
    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.bind(("127.0.0.1", 0))
    receiver.settimeout(10)
    yield receiver, f"127.0.0.1:{receiver.getsockname()[1]}"
    receiver.close()


def received_anchor(receiver):
    message = receiver.recv(65536).rstrip(b"\0")
    assert message.startswith(PREFIX), message
    return message[len(PREFIX):].decode()


def last_logged_line():
    with open(anchors.anchor_log_path()) as log:
        return log.read().splitlines()[-1]


def test_the_anchor_command_sends_the_sealed_line_to_the_local_syslog(app, org, unix_receiver):
    receiver, path = unix_receiver
    app.config.update(ANCHOR_SYSLOG=True, ANCHOR_SYSLOG_ADDRESS=path)
    make_history(org)
    result = app.test_cli_runner().invoke(args=["eoffice", "anchor"])
    assert result.exit_code == 0, result.output
    line = received_anchor(receiver)
    assert line == result.output.strip() == last_logged_line()
    assert anchors.is_sealed(json.loads(line))
    assert json.loads(line)["audit_id"] == anchors.head()[0]


def test_anchors_every_n_events_go_to_a_remote_log_host_by_udp(app, org, udp_receiver):
    receiver, address = udp_receiver
    app.config.update(ANCHOR_SYSLOG=True, ANCHOR_SYSLOG_ADDRESS=address, ANCHOR_EVERY=1)
    make_history(org)
    db.session.commit()
    line = received_anchor(receiver)
    anchor = json.loads(line)
    assert anchors.is_sealed(anchor) and anchor["reason"] == "every 1 events"
    forged = dict(anchor, audit_id=anchor["audit_id"] + 1)
    assert not anchors.is_sealed(forged), "the seal covers the head it names"


def test_a_syslog_that_cannot_be_reached_leaves_the_anchor_log_written(app, org, tmp_path):
    app.config.update(ANCHOR_SYSLOG=True, ANCHOR_SYSLOG_ADDRESS=str(tmp_path / "no-daemon"))
    make_history(org)
    result = app.test_cli_runner().invoke(args=["eoffice", "anchor"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == last_logged_line()


def test_without_the_setting_nothing_is_sent(app, org, unix_receiver):
    receiver, path = unix_receiver
    app.config.update(ANCHOR_SYSLOG=False, ANCHOR_SYSLOG_ADDRESS=path)
    make_history(org)
    assert app.test_cli_runner().invoke(args=["eoffice", "anchor"]).exit_code == 0
    receiver.settimeout(0.5)
    with pytest.raises(TimeoutError):
        receiver.recv(65536)
