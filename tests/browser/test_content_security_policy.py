"""The browser enforces the site's Content-Security-Policy, and the journeys' watch for violations would see one."""

import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

INJECTED = """() => {
    window.injectedRan = false;
    document.querySelector("main").insertAdjacentHTML(
        "beforeend", '<img alt="" src="/tidak-ada.png" onerror="window.injectedRan = true">');
}"""


def test_an_injected_inline_handler_is_refused_and_reported(page, newsroom, csp_violations):
    page.goto(newsroom.get_absolute_url())
    page.evaluate(INJECTED)
    page.wait_for_timeout(300)  # the image's error, and the refused handler, come asynchronously
    assert page.evaluate("window.injectedRan") is False
    assert any("inline event handler" in text or "script-src" in text for text in csp_violations), csp_violations
    csp_violations.clear()  # seen and expected: the journeys must log none
