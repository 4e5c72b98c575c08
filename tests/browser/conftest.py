"""End-to-end journeys in headless Chromium (Debian's /usr/bin/chromium) via Playwright."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM
# calls from a thread with a running loop unless told it is safe (it is: tests).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session", autouse=True)
def _warm_models():
    """Load the phrase model and the romaniser once, before any journey: tasks run inside
    the live server's requests here, and loading them there (15 s or more on a busy
    machine) would outlast a click's wait. A deployed server does this in its worker."""
    from matching import embeddings
    from partners.keys import readable_key

    embeddings.phrase_embedder().inner.embed(["warm-up"], "query")
    readable_key("株式会社ヤマト精密")


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """screenshot(name): save the whole page to artifacts/<name>.png."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def wait_for_value(locator, expected: float, timeout: float = 15) -> None:
    """Wait until the element's ``value`` property is ``expected``. Polled from here:
    ``page.wait_for_function`` evaluates a string, which the site's CSP forbids."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        if locator.count() and locator.evaluate("element => element.value") == expected:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{locator} never had the value {expected}")
        time.sleep(0.1)
