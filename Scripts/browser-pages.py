#!/usr/bin/env python3
"""The read pages in a real browser, in both languages: headless Chromium driven by Selenium
through Debian's chromium-driver, against a running `ipreg serve`. For each page and language it
loads PATH?lang=LANG, runs axe-core (axe-selenium-python; its default rules: WCAG 2.1 A and AA and
axe's best practices) and records the page's `<html lang>` and its violations; with --screenshots DIR it
saves the overview, a center and the figures page in each language there as PNG files
(overview-zh.png, center-en.png, ...), the whole page's height. Prints what it saw as one JSON
object; the checks are the caller's (BrowserPagesTests).

Usage: Scripts/browser-pages.py [--screenshots DIR] BASE_URL CENTER_CODE REPORT_NAME
Needs what Scripts/browser_support.py needs: selenium, axe-selenium-python, chromium and
chromium-driver.
"""
import argparse
import os
import sys

# The shared module stays as it is: no bytecode beside the scripts.
sys.dont_write_bytecode = True
import browser_support  # noqa: E402

LANGUAGES = ("zh", "en")
# The pages whose screenshots docs/ shows.
SCREENSHOTS = {"overview": "/", "center": None, "figures": "/figures"}


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
    base = arguments.base.rstrip("/")
    pages = {
        "overview": "/", "centers": "/centers", "center": f"/centers/{arguments.center}", "reports": "/reports",
        "report": f"/reports/{arguments.report}", "figures": "/figures", "sql": "/sql",
        "nearest": "/centers/nearest?lat=39.9&lon=116.4",
        "coverage": "/coverage",
    }

    def work(driver):
        # axe-core takes seconds per page on a busy machine; Selenium's default allows 30 s.
        driver.set_script_timeout(180)
        seen = {}
        for name, path in pages.items():
            for language in LANGUAGES:
                separator = "&" if "?" in path else "?"
                driver.get(f"{base}{path}{separator}lang={language}")
                seen[f"{name} {language}"] = {
                    "lang": driver.execute_script("return document.documentElement.lang"),
                    "title": driver.title,
                    "violations": browser_support.violations(driver),
                }
                if arguments.screenshots and name in SCREENSHOTS:
                    os.makedirs(arguments.screenshots, exist_ok=True)
                    screenshot(driver, os.path.join(arguments.screenshots, f"{name}-{language}.png"))
        return seen

    return browser_support.run(
        work, window_size="1280,1000", extra_arguments=("--hide-scrollbars", "--force-device-scale-factor=1"))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
