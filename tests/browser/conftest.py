"""Browser tests: Playwright drives Debian's chromium (never a downloaded browser).

Every page a test opens through `new_page` is checked with axe-core on every document it loads
(page.goto, a followed link, a submitted form): a test fails at teardown when any of them has an
accessibility violation. axe.min.js comes from the axe-playwright-python package, so the check
needs no network at test time.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from tests.demo.snapshot import DemoSnapshot

CHROMIUM = Path("/usr/bin/chromium")
# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures are
# still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

# All of axe's non-experimental rules: WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus its best
# practices (landmarks, heading order, one main).
AXE_OPTIONS = {"resultTypes": ["violations"]}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(
                    pytest.mark.skip(
                        reason="Debian's chromium (/usr/bin/chromium) is not installed"
                    )
                )


def axe_violations(page: Any) -> list[str]:
    """Run axe-core on the page's current document; one line per violation and element."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, so a strict CSP on the page does not block it.
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at {node['target']}"
        for violation in results["violations"]
        for node in violation["nodes"]
    ]


class AxeCheckedPage:
    """A Playwright page that runs axe-core on each document it loads.

    A load (from goto, a click on a link, a submitted form) marks the page unchecked. The check
    runs right after the calls that wait for a navigation, and before any other call on the page,
    so the test sees the document axe saw. Locator calls go to Playwright directly; the next page
    call, or the teardown, checks what they led to.
    """

    _NAVIGATIONS = frozenset(
        {"goto", "reload", "go_back", "go_forward", "wait_for_url", "wait_for_load_state"}
    )

    def __init__(self, page: Any) -> None:
        self._page = page
        self._is_unchecked = False
        self.violations: dict[str, list[str]] = {}
        page.on("load", self._mark_unchecked)

    def _mark_unchecked(self, _page: Any) -> None:
        self._is_unchecked = True

    def check_accessibility(self) -> None:
        from playwright.sync_api import Error

        if not self._is_unchecked:
            return
        self._is_unchecked = False
        try:
            self._page.wait_for_load_state()
            found = axe_violations(self._page)
        except Error as error:
            if "Execution context was destroyed" in error.message:
                # The test has already left this document; the next one's load marks it again.
                return
            raise
        if found:
            self.violations.setdefault(self._page.url, []).extend(found)

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._page, name)
        if not callable(attribute):
            return attribute

        def checked(*args: Any, **kwargs: Any) -> Any:
            self.check_accessibility()
            result = attribute(*args, **kwargs)
            if name in self._NAVIGATIONS:
                self.check_accessibility()
            return result

        return checked


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _totp_code_of_the_period_before(settings: Any) -> None:
    """A test types the TOTP code of the current 30-second period; on a loaded machine the server
    may check it after the period has turned (seen in CI: the sign-in then waits for 30 s and
    fails). The browser tests accept the previous period's code too; the tests in tests/people
    check codes with the production setting (no tolerance)."""
    settings.MFA_TOTP_TOLERANCE = 1


@pytest.fixture
def demo_forum(transactional_db: None, demo_snapshot: DemoSnapshot) -> None:
    """The pristine demo forum, committed, so the live server sees it (tests/demo/snapshot.py)."""
    demo_snapshot.load()


@pytest.fixture
def artifacts() -> Path:
    folder = Path(os.environ.get("CI_ARTIFACTS", "ci-artifacts")) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def new_page(browser: Any, live_server: Any) -> Iterator[Callable[[dict[str, int]], Any]]:
    """Open axe-checked pages in fresh contexts; close them before the live server stops, so no
    request is still running when the test database goes away. Tests open pages only here."""
    contexts: list[Any] = []
    pages: list[AxeCheckedPage] = []

    def open_page(size: dict[str, int]) -> AxeCheckedPage:
        context = browser.new_context(viewport=size, locale="en-GB")
        contexts.append(context)
        pages.append(AxeCheckedPage(context.new_page()))
        return pages[-1]

    yield open_page
    for page in pages:
        page.check_accessibility()
    for context in contexts:
        context.close()
    violations = {url: found for page in pages for url, found in page.violations.items()}
    if violations:
        report = "\n".join(
            f"{url}\n  " + "\n  ".join(found) for url, found in sorted(violations.items())
        )
        pytest.fail(f"axe-core found accessibility violations:\n{report}", pytrace=False)
