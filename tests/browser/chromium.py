"""Debian's Chromium driven by Playwright; no browser is ever downloaded."""
import importlib.util
import os

CHROMIUM = "/usr/bin/chromium"
# As root, in a sandbox whose network reaches nothing: no setuid sandbox, no GPU, and
# none of Chromium's own background traffic (each attempt would be refused).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1024, "height": 768}


def missing_reason():
    """Why the browser tests cannot run here, or None when they can."""
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} not found (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (pip install -r requirements-dev.txt)"
    return None


def launch(playwright):
    """A headless Chromium; Playwright gives each launch a fresh, empty profile."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                      headless=True)
