#!/usr/bin/env python3
"""The read pages in a real browser, in both languages: headless Chromium driven by Selenium
through Debian's chromium-driver, against a running `ipreg serve`. For each page and language it
loads PATH?lang=LANG, runs axe-core (axe-selenium-python; its default rules: WCAG 2.1 A and AA and
axe's best practices) and records the page's `<html lang>` and its violations; with --screenshots DIR it
saves the overview, a center and the figures page in each language there as PNG files
(overview-zh.png, center-en.png, ...), the whole page's height. Prints what it saw as one JSON
object; the checks are the caller's (BrowserPagesTests).

Usage: Scripts/browser-pages.py [--screenshots DIR] BASE_URL CENTER_CODE REPORT_NAME
Needs: pip install selenium axe-selenium-python (Scripts/setup-system), chromium and
chromium-driver (Debian).
"""
import argparse
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
LANGUAGES = ("zh", "en")
# The pages whose screenshots docs/ shows.
SCREENSHOTS = {"overview": "/", "center": None, "figures": "/figures"}


def browser(profile):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-extensions", "--window-size=1280,1000", "--hide-scrollbars",
                     "--force-device-scale-factor=1", f"--user-data-dir={profile}"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)


def violations(driver):
    """axe-core's violations on the page now, each as "rule (impact): N elements: first target"."""
    axe = Axe(driver)
    axe.inject()
    # axe's default rules: WCAG 2.0 and 2.1 A and AA, and its best practices.
    found = axe.run()["violations"]
    return [f"{v['id']} ({v.get('impact')}): {len(v.get('nodes', []))} elements: "
            + (str(v['nodes'][0].get('target')) if v.get('nodes') else "") for v in found]


def screenshot(driver, path):
    """The whole page from its top, not the window: the viewport is set to the document's height
    through the DevTools protocol (growing the window leaves the page scrolled)."""
    height = int(driver.execute_script("return document.documentElement.scrollHeight"))
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 1280, "height": max(600, min(height, 6000)), "deviceScaleFactor": 1,
                            "mobile": False})
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(path)
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--screenshots")
    parser.add_argument("base")
    parser.add_argument("center")
    parser.add_argument("report")
    arguments = parser.parse_args(argv[1:])
    if CHROMIUM is None or DRIVER is None:
        print("error: chromium and chromium-driver are needed (Scripts/setup-system)", file=sys.stderr)
        return 69
    base = arguments.base.rstrip("/")
    pages = {
        "overview": "/", "centers": "/centers", "center": f"/centers/{arguments.center}", "reports": "/reports",
        "report": f"/reports/{arguments.report}", "figures": "/figures", "sql": "/sql",
        "nearest": "/centers/nearest?lat=39.9&lon=116.4",
    }
    seen = {}
    with tempfile.TemporaryDirectory(prefix="ipreg-selenium-") as profile:
        driver = browser(profile)
        # axe-core takes seconds per page on a busy machine; Selenium's default allows 30 s.
        driver.set_script_timeout(180)
        try:
            for name, path in pages.items():
                for language in LANGUAGES:
                    separator = "&" if "?" in path else "?"
                    driver.get(f"{base}{path}{separator}lang={language}")
                    seen[f"{name} {language}"] = {
                        "lang": driver.execute_script("return document.documentElement.lang"),
                        "title": driver.title,
                        "violations": violations(driver),
                    }
                    if arguments.screenshots and name in SCREENSHOTS:
                        os.makedirs(arguments.screenshots, exist_ok=True)
                        screenshot(driver, os.path.join(arguments.screenshots, f"{name}-{language}.png"))
        except WebDriverException as failure:
            print(f"error: {str(failure).splitlines()[0] if str(failure) else type(failure).__name__}", file=sys.stderr)
            return 1
        finally:
            driver.quit()
    print(json.dumps(seen, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
