"""The dashboard's period links, drill-down and custom period: swapped in place by
htmx with JavaScript, plain page loads without it."""
import pytest

from .actions import set_language, sign_in


def _same_document(page, js):
    """With htmx the page was never reloaded: a mark left on window survives."""
    return not js or page.evaluate("() => window.__stayed === true")


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_period_drill_down_and_custom_period(new_context, js):
    page = new_context(java_script_enabled=js).new_page()
    sign_in(page, "cs.it")
    set_language(page, "en")  # other tests leave the account in Hindi or Urdu
    page.goto("/dashboard")
    assert "Jammu and Kashmir" in page.locator("main h1").inner_text()
    if js:
        page.evaluate("() => { window.__stayed = true; }")

    page.locator(".periods nav a", has_text="Last month").click()
    page.wait_for_url("**/dashboard/JK?period=last_month")
    page.wait_for_selector(".periods nav a[aria-current=page]:text('Last month')")
    assert _same_document(page, js)

    page.locator("#dashboard table a", has_text="Srinagar").first.click()
    page.wait_for_url("**/dashboard/SGR?period=last_month")
    page.wait_for_selector("main h1:has-text('Srinagar')")
    assert "Khanyar" in page.locator("#dashboard").inner_text()
    assert _same_document(page, js)

    page.locator("#p-from").fill("2026-01-01")
    page.locator("#p-to").fill("2026-01-31")
    page.locator(".periods form button").click()
    page.wait_for_url("**/dashboard/SGR?period=custom&from=2026-01-01&to=2026-01-31")
    page.wait_for_selector("text=From 01-01-2026 to 31-01-2026")
    assert _same_document(page, js)
