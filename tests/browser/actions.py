"""What a person does in the browser (sign in, change language, open a main page),
plus the two instruments: axe-core and an emulated slow link."""
import os
from urllib.parse import urlsplit

from .server import DEMO_PASSWORD

HERE = os.path.dirname(os.path.abspath(__file__))
AXE = os.path.join(HERE, "vendor", "axe.min.js")
WCAG_AA_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
BLOCKING_IMPACTS = ("serious", "critical")

# 256 kbit/s each way (32,000 bytes/s) and 300 ms round trips: a district office line.
SLOW_LINK = {"offline": False, "latency": 300,
             "downloadThroughput": 32000, "uploadThroughput": 32000}


def sign_in(page, username, password=DEMO_PASSWORD):
    """Through the sign-in form, as a person would; ends on the inbox."""
    page.goto("/login")
    form = page.locator("main form")
    form.locator("#username").fill(username)
    form.locator("#password").fill(password)
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/inbox")


def set_language(page, code):
    """With the language form in the page header; a signed-in user keeps the choice."""
    if page.locator("html").get_attribute("lang") == code:
        return
    page.locator("#lang-select").select_option(code)
    page.locator("header form:has(#lang-select) button[type=submit]").click()
    page.wait_for_selector(f"html[lang={code}]", state="attached")
    page.wait_for_load_state()


def visit(page, main_page, language="en"):
    """Open a main page (see pages.py) signed in as its user, in `language`."""
    if main_page.user:
        response = open_signed_in(page, main_page.user, main_page.path)
    else:
        response = page.goto(main_page.path)
    if page.locator("html").get_attribute("lang") != language:
        if not page.locator("#lang-select").count():
            page.goto("/inbox")  # a page with the language form (a print view has none)
        set_language(page, language)
        response = page.goto(main_page.path)
    assert response.ok, f"{main_page.path} answered {response.status}"
    assert urlsplit(page.url).path == urlsplit(main_page.path).path, page.url
    return response


# (browser, username) -> the cookies of a session signed in through the form earlier
_sessions = {}


def open_signed_in(page, username, path="/inbox"):
    """`path` opened signed in as `username`: the first time through the sign-in form,
    afterwards with that session's cookies (a page check is what such a test is about,
    not signing in, which test_keyboard, test_main_path and test_no_js do through the
    form). Returns the page's response."""
    key = (page.context.browser, username)
    if key in _sessions:
        page.context.add_cookies(_sessions[key])
        response = page.goto(path)
        if urlsplit(page.url).path != "/login":
            return response
    sign_in(page, username)  # the first time, or that session has ended
    _sessions[key] = page.context.cookies()
    return page.goto(path)


def run_axe(page, tags=WCAG_AA_TAGS):
    """All axe-core violations for the page's current state.

    The portal's CSP (script-src 'self') refuses an added script, so the page must
    belong to a context made with bypass_csp=True; only axe runs use one.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=AXE)
        if not page.evaluate("() => typeof window.axe === 'object'"):
            raise RuntimeError("axe-core did not load: is the context made with bypass_csp=True?")
    result = page.evaluate("options => axe.run(document, options)",
                           {"runOnly": {"type": "tag", "values": list(tags)},
                            "resultTypes": ["violations"]})
    return result["violations"]


def blocking(violations):
    return [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]


def describe(violations):
    """Readable lines: rule, impact, help, and each offending element with the reason."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}"
                     f" <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(node['target'])}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def slow_link(page, conditions=SLOW_LINK):
    """Throttle this page's network through the DevTools protocol, cache disabled."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", dict(conditions))
    return cdp
