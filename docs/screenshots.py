"""Screenshots of the main pages in English, Hindi and Urdu, for docs/screenshots.md.

Run from anywhere with the project's Python: `.venv/bin/python docs/screenshots.py`
(or `make screenshots`). Starts the same throwaway server as the browser tests.
Hindi and Urdu need Debian's fonts-noto-core, or their text shows as empty boxes.
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tests.browser.actions import visit  # noqa: E402
from tests.browser.chromium import VIEWPORT, launch, missing_reason  # noqa: E402
from tests.browser.pages import LANGUAGES, MAIN_PAGES  # noqa: E402
from tests.browser.server import PortalServer  # noqa: E402

OUT = os.path.join(ROOT, "docs", "screenshots")
INDEX = os.path.join(ROOT, "docs", "screenshots.md")
LANGUAGE_NAMES = {"en": "English", "hi": "Hindi", "ur": "Urdu"}


def main():
    reason = missing_reason()
    if reason:
        sys.exit(f"cannot take screenshots: {reason}")
    warn_about_missing_fonts()
    from playwright.sync_api import sync_playwright

    os.makedirs(OUT, exist_ok=True)
    taken = []
    with PortalServer() as server, sync_playwright() as playwright:
        browser = launch(playwright)
        for main_page in MAIN_PAGES:
            for language in LANGUAGES:
                context = browser.new_context(base_url=server.base_url, viewport=VIEWPORT)
                page = context.new_page()
                visit(page, main_page, language)
                name = f"{main_page.name}-{language}.png"
                page.screenshot(path=os.path.join(OUT, name))
                taken.append((main_page, language, name))
                context.close()
        browser.close()
    write_index(taken)
    print(f"{len(taken)} screenshots in {os.path.relpath(OUT, ROOT)}/, listed in "
          f"{os.path.relpath(INDEX, ROOT)}")


def warn_about_missing_fonts():
    for language in ("hi", "ur"):
        try:
            found = subprocess.run(["fc-list", f":lang={language}", "family"],
                                   capture_output=True, text=True).stdout.strip()
        except FileNotFoundError:
            found = ""
        if not found:
            print(f"warning: no font for '{language}' (apt-get install fonts-noto-core)",
                  file=sys.stderr)


def write_index(taken):
    lines = ["# Screenshots", "",
             f"The main pages at {VIEWPORT['width']}×{VIEWPORT['height']} in each language, "
             "taken from the demo data by `make screenshots` (`docs/screenshots.py`).", "",
             "| page | path | signed in as | language | screenshot |",
             "|---|---|---|---|---|"]
    for main_page, language, name in taken:
        lines.append(f"| {main_page.name} | `{main_page.path}` | {main_page.user or '—'} "
                     f"| {LANGUAGE_NAMES[language]} | [{name}](screenshots/{name}) |")
    with open(INDEX, "w") as handle:
        handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
