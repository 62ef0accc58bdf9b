"""A live server on 127.0.0.1 and headless Chromium driven by Selenium.

Skipped when Chromium is not installed, unless REQUIRE_BROWSER=1 (CI), where a missing
browser is a failure rather than a silent skip.
"""

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_available():
    if CHROMIUM and CHROMEDRIVER:
        return True
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(
            "Chromium and chromedriver are required: "
            "apt-get install chromium chromium-driver"
        )
    pytest.skip("Chromium not installed: apt-get install chromium chromium-driver")


@pytest.fixture(scope="session")
def live_server(app, browser_available):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def real_forms(app):
    """Browsers post real forms: CSRF on, as in production."""
    app.config.update(WTF_CSRF_ENABLED=True, SERVER_NAME=None)
    yield
    app.config.update(WTF_CSRF_ENABLED=False, SERVER_NAME="localhost")


@pytest.fixture
def browser(browser_available, tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1200,900",
        f"--user-data-dir={tmp_path / 'chromium'}",
        "--lang=en-GB",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(3)
    yield driver
    driver.quit()
