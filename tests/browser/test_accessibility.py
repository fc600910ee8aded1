"""axe-core (WCAG 2.1 A and AA rules) on every main page in every language:
no serious or critical violation."""
import pytest

from .actions import blocking, describe, run_axe, visit
from .pages import LANGUAGES, MAIN_PAGES


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("main_page", MAIN_PAGES, ids=str)
def test_no_serious_violations(new_context, main_page, language):
    page = new_context(bypass_csp=True).new_page()
    visit(page, main_page, language)
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ur" else "ltr")
    violations = blocking(run_axe(page))
    assert not violations, (f"{main_page.path} in {language}: axe found\n"
                            + describe(violations))


def test_axe_reports_a_real_violation(new_context):
    """The instrument works: an unlabelled control on the page is caught."""
    page = new_context(bypass_csp=True).new_page()
    page.goto("/login")
    page.evaluate("""() => {
        const input = document.createElement('input');
        input.id = 'no-label';
        document.querySelector('main').append(input);
    }""")
    rules = {v["id"] for v in blocking(run_axe(page))}
    assert "label" in rules
