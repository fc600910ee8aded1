"""Keyboard only: the skip link comes first, and signing in needs no mouse."""
import pytest

from .actions import visit
from .pages import MAIN_PAGES
from .server import DEMO_PASSWORD

FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {tag: el.tagName.toLowerCase(), id: el.id, cls: el.className,
            type: el.getAttribute('type'), outline: style.outlineStyle,
            outlineWidth: parseFloat(style.outlineWidth)};
}"""


def assert_focus_visible(focused):
    assert focused["outline"] != "none" and focused["outlineWidth"] >= 2, focused


@pytest.mark.parametrize("main_page", [p for p in MAIN_PAGES if not p.autofocus], ids=str)
@pytest.mark.parametrize("language", ("en", "ur"))
def test_skip_link_is_first_and_moves_focus_to_main(page, main_page, language):
    visit(page, main_page, language)
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["cls"] == "skip", focused
    assert_focus_visible(focused)
    box = page.locator("a.skip").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 1024, "skip link shows when focused"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'main'")


def test_sign_in_with_the_keyboard_only(page):
    page.goto("/login")
    assert page.evaluate(FOCUSED)["id"] == "username"  # autofocus
    page.keyboard.type("so.srinagar")
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["id"] == "password"
    assert_focus_visible(focused)
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert (focused["tag"], focused["type"]) == ("button", "submit")
    assert_focus_visible(focused)
    page.keyboard.press("Enter")
    page.wait_for_url("**/inbox")
