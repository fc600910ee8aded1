"""With JavaScript off the portal is still all links and forms."""
from .server import DEMO_PASSWORD


def test_sign_in_change_language_sign_out_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/login")
    assert page.evaluate("() => typeof window.htmx") == "undefined"  # the page ran no script
    page.locator("main form #username").fill("adc.srinagar")
    page.locator("main form #password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/inbox")
    assert page.locator("main h1").is_visible()
    assert "ADC Srinagar" in page.locator("main").inner_text()

    page.locator("#lang-select").select_option("ur")
    page.locator("header form:has(#lang-select) button[type=submit]").click()
    page.wait_for_selector("html[dir=rtl]", state="attached")
    assert page.locator("html").get_attribute("lang") == "ur"
    assert page.url.endswith("/inbox")

    page.locator("header form[action$='/logout'] button").click()
    page.wait_for_url("**/login")
    assert page.locator("main form #username").is_visible()
    page.goto("/inbox")
    assert "/login" in page.url, "signed out: the inbox asks for sign-in again"
