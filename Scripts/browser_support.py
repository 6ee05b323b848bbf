"""What the browser scripts share (browser-pages.py, browser-flow.py): Debian's Chromium and
chromium-driver, a headless Chromium started through Selenium with one set of options, axe-core's
violations on the page, and the run around a script's work: a fresh profile, the browser quit at
the end, one `error: ...` line and status 1 when a step fails, status 69 without the browser, and
what the work saw printed as one JSON object (the checks are the callers' tests).

Needs: pip install selenium axe-selenium-python (Scripts/setup-system), chromium and
chromium-driver (Debian).
"""
import json
import os
import sys
import tempfile

# Selenium must not look for a driver or browser of its own on the network: both are Debian's.
os.environ.setdefault("SE_OFFLINE", "true")

from axe_selenium_python import Axe  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402

CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.access(p, os.X_OK)), None)
DRIVER = next((p for p in ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver") if os.access(p, os.X_OK)), None)

# Headless, alone (no sandbox in a container, no GPU, nothing fetched in the background).
OPTIONS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-extensions")


def browser(profile, window_size, extra_arguments=(), performance_log=False):
    """A headless Chromium with its profile in `profile`, its window `window_size` ("1280,1000").
    With `performance_log`, the network events of the performance log carry each page's HTTP
    status, which WebDriver hides."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in OPTIONS + (f"--window-size={window_size}",) + tuple(extra_arguments) + (
            f"--user-data-dir={profile}",):
        options.add_argument(argument)
    if performance_log:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)


def violations(driver, targets=True):
    """axe-core's violations on the page now (its default rules: WCAG 2.0 and 2.1 A and AA, and
    its best practices), each as "rule (impact): N elements", with ": first target" after it
    when `targets`."""
    axe = Axe(driver)
    axe.inject()
    found = axe.run()["violations"]
    return [f"{v['id']} ({v.get('impact')}): {len(v.get('nodes', []))} elements"
            + ((": " + (str(v['nodes'][0].get('target')) if v.get('nodes') else "")) if targets else "")
            for v in found]


def run(work, failures=(), **browser_options):
    """Runs `work(driver)` in a new browser (`browser_options` as `browser` takes them) and prints
    what it returns as JSON: status 0; 1 with one `error:` line when it raises a WebDriver error or
    one of `failures`; 69 when chromium or chromium-driver is missing."""
    if CHROMIUM is None or DRIVER is None:
        print("error: chromium and chromium-driver are needed (Scripts/setup-system)", file=sys.stderr)
        return 69
    with tempfile.TemporaryDirectory(prefix="ipreg-selenium-") as profile:
        driver = browser(profile, **browser_options)
        try:
            seen = work(driver)
        except (WebDriverException, *failures) as failure:
            print(f"error: {str(failure).splitlines()[0] if str(failure) else type(failure).__name__}", file=sys.stderr)
            return 1
        finally:
            driver.quit()
    print(json.dumps(seen, ensure_ascii=False, indent=1))
    return 0
