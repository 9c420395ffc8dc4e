"""Browser tests: Playwright drives Debian's chromium (never a downloaded browser)."""

import os
from collections.abc import Callable, Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

CHROMIUM = Path("/usr/bin/chromium")
# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures are
# still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


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


@pytest.fixture
def demo_forum(transactional_db: None) -> None:
    call_command("demo", "--allow-production", stdout=StringIO())


@pytest.fixture
def artifacts() -> Path:
    folder = Path(os.environ.get("CI_ARTIFACTS", "ci-artifacts")) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def new_page(browser: Any, live_server: Any) -> Iterator[Callable[[dict[str, int]], Any]]:
    """Open pages in fresh contexts; close them before the live server stops, so no request
    is still running when the test database goes away."""
    contexts: list[Any] = []

    def open_page(size: dict[str, int]) -> Any:
        context = browser.new_context(viewport=size, locale="en-GB")
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
