#!/usr/bin/env python3
"""An office's day in a real browser: headless Chromium driven by Selenium through Debian's
chromium-driver, against a running `ipreg serve`. Signs in as an editor, edits the notes of a
center of its region and reads them back on the center's page, tries to edit a center of
another region and is refused (403), uploads a CSV batch on /upload, reads the preview (and
checks in the registry that nothing is written yet), confirms, opens the new centers' pages,
and signs out; axe-core (axe-selenium-python) checks the pages with forms on the way. Prints
what it saw as one JSON object; the checks are the caller's
(BrowserFlowTests), which also looks in the registry. A step that cannot be carried out (a
missing field, a button that is not there) ends the run with `error: STEP: ...` and status 1.

Usage: Scripts/browser-flow.py BASE_URL REGISTRY NAME PASSWORD OWN_CODE OTHER_CODE NOTES CSV NEW_CODE...
Needs what Scripts/browser_support.py needs: selenium, axe-selenium-python, chromium and
chromium-driver.
"""
import json
import os
import sqlite3
import sys

# The shared module stays as it is: no bytecode beside the scripts.
sys.dont_write_bytecode = True
import browser_support  # noqa: E402
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


class StepFailed(Exception):
    pass


class Flow:
    def __init__(self, driver, base):
        self.driver, self.base = driver, base.rstrip("/")
        self.statuses = {}  # URL -> the latest status of a document load there
        self.violations = {}  # page -> axe-core's violations there

    def drain(self):
        """Reads the performance log so far: the status of every document loaded since."""
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") != "Network.responseReceived":
                continue
            parameters = message.get("params", {})
            if parameters.get("type") == "Document":
                response = parameters.get("response", {})
                self.statuses[response.get("url")] = response.get("status")

    def go(self, path):
        """Loads BASE+path; its status (after redirects, the last page's)."""
        self.drain()
        self.statuses.clear()
        self.driver.get(self.base + path)
        return self.page_status()

    def page_status(self):
        self.drain()
        return self.statuses.get(self.driver.current_url)

    def path(self):
        url = self.driver.current_url
        return url[len(self.base):] if url.startswith(self.base) else url

    def find(self, step, css):
        found = self.driver.find_elements(By.CSS_SELECTOR, css)
        if not found:
            raise StepFailed(f"{step}: no {css} on {self.path()} (status {self.page_status()})")
        return found[0]

    def submit(self, step, field_css):
        """Submits the form around the element `field_css` with its submit button; the status of the answer."""
        self.drain()
        self.statuses.clear()
        field = self.find(step, field_css)
        form = field.find_element(By.XPATH, "./ancestor-or-self::form")
        buttons = form.find_elements(By.CSS_SELECTOR, "button[type=submit], input[type=submit]")
        if not buttons:
            raise StepFailed(f"{step}: the form of {field_css} on {self.path()} has no submit button")
        self.click(buttons[0], form)
        return self.page_status()

    def click(self, button, form):
        """Clicks a submit button and waits until the page it posted from has gone."""
        button.click()
        # Gone: any question about the old form fails (chromedriver does not always say "stale").
        def gone(_):
            try:
                form.is_enabled()
                return False
            except WebDriverException:
                return True

        WebDriverWait(self.driver, 30).until(gone)

    def text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def accessibility(self, name):
        """axe-core's violations on the page now, kept under `name`: "rule (impact): N elements"."""
        self.violations[name] = browser_support.violations(self.driver, targets=False)

    def signed_in(self):
        return bool(self.driver.find_elements(By.CSS_SELECTOR, "form[action='/logout']"))


def count_centers(registry, codes):
    """How many of `codes` the registry holds now (read-only, beside the server)."""
    with sqlite3.connect(f"file:{registry}?mode=ro", uri=True) as db:
        marks = ",".join("?" * len(codes))
        return db.execute(f"SELECT count(*) FROM centers WHERE code IN ({marks})", codes).fetchone()[0]


def run(flow, registry, name, password, own, other, notes, csv_path, new_codes):
    seen = {}
    driver = flow.driver

    # Sign in, asking for the English pages (`?lang=en` sets the language cookie): the steps below
    # find the preview's counts and its Confirm button by their English words.
    seen["login_status"] = flow.go("/login?lang=en")
    flow.accessibility("login")
    flow.find("sign in", "input[name=name]").send_keys(name)
    flow.find("sign in", "input[name=password]").send_keys(password)
    seen["signed_in_status"] = flow.submit("sign in", "input[name=password]")
    seen["after_sign_in"] = flow.path()

    # Edit a center of the editor's region, then read its page. The form's header says who is signed in.
    seen["own_edit_status"] = flow.go(f"/centers/{own}/edit")
    seen["signed_in"] = flow.signed_in()
    flow.accessibility("edit")
    box = flow.find("edit", "[name=notes]")
    box.clear()
    box.send_keys(notes)
    seen["own_saved_status"] = flow.submit("edit", "[name=notes]")
    seen["own_after_save"] = flow.path()
    seen["own_page_status"] = flow.go(f"/centers/{own}")
    seen["own_page_shows_notes"] = notes in flow.text()

    # A center of another region: refused, whether at the form or when it is posted.
    seen["other_edit_status"] = flow.go(f"/centers/{other}/edit")
    if seen["other_edit_status"] == 200 and driver.find_elements(By.CSS_SELECTOR, "[name=notes]"):
        box = flow.find("refused edit", "[name=notes]")
        box.clear()
        box.send_keys(notes + " (not allowed)")
        seen["other_saved_status"] = flow.submit("refused edit", "[name=notes]")
    seen["other_refused_status"] = seen.get("other_saved_status", seen["other_edit_status"])

    # Upload a batch: the preview first, nothing written until confirmed.
    seen["upload_status"] = flow.go("/upload")
    flow.accessibility("upload")
    flow.find("upload", "input[type=file][name=file]").send_keys(os.path.abspath(csv_path))
    flow.find("upload", "input[name=kind][value=centers]").click()
    seen["preview_status"] = flow.submit("upload", "input[type=file][name=file]")
    seen["preview_path"] = flow.path()
    seen["preview_counts"] = {
        row.find_element(By.TAG_NAME, "th").text: row.find_element(By.TAG_NAME, "td").text
        for row in driver.find_elements(By.CSS_SELECTOR, "#upload-counts tr")
    }
    flow.accessibility("preview")
    seen["preview_lists_new_codes"] = all(code in flow.text() for code in new_codes)
    seen["written_before_confirm"] = count_centers(registry, new_codes)
    confirm = [b for b in driver.find_elements(By.CSS_SELECTOR, "button[type=submit]") if b.text.startswith("Confirm")]
    if not confirm:
        raise StepFailed(f"confirm: no Confirm button on {flow.path()}: {flow.text()[:300]}")
    flow.drain()
    flow.statuses.clear()
    flow.click(confirm[0], confirm[0].find_element(By.XPATH, "./ancestor::form"))
    seen["confirmed_status"] = flow.page_status()
    seen["after_confirm"] = flow.path()
    seen["written_after_confirm"] = count_centers(registry, new_codes)
    seen["new_pages"] = {}
    for code in new_codes:
        status = flow.go(f"/centers/{code}")
        seen["new_pages"][code] = {"status": status, "shows_code": code in flow.text()}

    # Sign out (from a page with the header's button): the edit form is no longer open to this browser.
    flow.go("/upload")
    seen["sign_out_status"] = flow.submit("sign out", "form[action='/logout'] button")
    seen["signed_in_after_sign_out"] = flow.signed_in()
    seen["edit_after_sign_out_status"] = flow.go(f"/centers/{own}/edit")
    seen["edit_after_sign_out_path"] = flow.path()
    seen["edit_form_after_sign_out"] = bool(driver.find_elements(By.CSS_SELECTOR, "[name=notes]"))
    seen["accessibility"] = flow.violations
    return seen


def main(argv):
    if len(argv) < 10:
        print(next(line for line in __doc__.splitlines() if line.startswith("Usage:")), file=sys.stderr)
        return 64
    base, registry, name, password, own, other, notes, csv_path, *new_codes = argv[1:]
    # The network events of the performance log carry each page's HTTP status, which WebDriver hides.
    return browser_support.run(
        lambda driver: run(Flow(driver, base), registry, name, password, own, other, notes, csv_path, new_codes),
        failures=(StepFailed,), window_size="1280,1600", performance_log=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
