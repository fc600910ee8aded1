"""Fault tests run a real gunicorn and kill it, or fill its disk.

They need Linux, root (to mount a tiny file system) and loopback only. Without those
they skip, saying why; with EOFFICE_REQUIRE_FAULT=1 (CI sets it) they fail instead.
They serve the embedded SQLite deployment, so the PostgreSQL pass skips them.
"""
import os
import shutil
import subprocess

import pytest

REQUIRED = os.environ.get("EOFFICE_REQUIRE_FAULT") == "1"


def unavailable(reason):
    if REQUIRED:
        pytest.fail(f"fault tests required (EOFFICE_REQUIRE_FAULT=1) but {reason}", pytrace=False)
    pytest.skip(f"fault tests skipped: {reason}")


@pytest.fixture
def fault_ready():
    if os.environ.get("EOFFICE_TEST_DATABASE_URL", "").startswith("postgresql"):
        pytest.skip("fault tests run the embedded SQLite deployment; the SQLite pass ran them")
    if not os.path.isdir("/proc/self/task"):
        unavailable("/proc is not available to find gunicorn's workers")


def _mount_small(path, megabytes, image):
    """A tmpfs of the given size, else an ext4 image on a loop device; (ok, why not)."""
    tmpfs = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m,mode=0700",
                            "tmpfs", path], capture_output=True, text=True)
    if tmpfs.returncode == 0:
        return True, ""
    if not shutil.which("mkfs.ext4"):
        return False, f"mount -t tmpfs failed ({tmpfs.stderr.strip()}) and mkfs.ext4 is missing"
    with open(image, "wb") as handle:
        handle.truncate(megabytes * 1024 * 1024)
    subprocess.run(["mkfs.ext4", "-q", "-m", "0", image], capture_output=True)
    loop = subprocess.run(["mount", "-o", "loop", image, path], capture_output=True, text=True)
    if loop.returncode == 0:
        return True, ""
    return False, f"cannot mount a small file system (tmpfs: {tmpfs.stderr.strip()}; " \
                  f"loop: {loop.stderr.strip()})"


@pytest.fixture
def small_disk(tmp_path, fault_ready):
    """A folder on its own tiny file system, unmounted afterwards."""
    path = tmp_path / "instance"
    path.mkdir()
    if os.geteuid() != 0:
        unavailable("mounting a small file system needs root")
    ok, why = _mount_small(str(path), 24, str(tmp_path / "disk.img"))
    if not ok:
        unavailable(why)
    yield str(path)
    subprocess.run(["umount", "-l", str(path)], capture_output=True)
