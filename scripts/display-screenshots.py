#!/usr/bin/env python3
"""Records the customer display while the demo runs: a screenshot at 800x480 each time the screen
changes (idle, balance, collecting with each voucher read, a refusal, done, cancelled), into a
directory, until it is stopped (SIGTERM) or --seconds pass.

Needs Debian's chromium, chromium-driver and python3-selenium; without them it says so and exits 0
(the demo runs the same without screenshots).

    python3 scripts/display-screenshots.py --url http://127.0.0.1:8080/ --out DIR [--seconds 300]
"""
import argparse
import os
import shutil
import signal
import sys
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seconds", type=float, default=300)
    args = parser.parse_args()
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        print("display screenshots: python3-selenium is not installed; none taken")
        return 0
    browser = shutil.which("chromium")
    driver_path = shutil.which("chromedriver")
    if not browser or not driver_path:
        print("display screenshots: chromium or chromium-driver is not installed; none taken")
        return 0
    os.makedirs(args.out, exist_ok=True)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=800,480"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": 800, "height": 480, "deviceScaleFactor": 1, "mobile": False})
        driver.get(args.url)
        last = None
        count = 0
        deadline = time.monotonic() + args.seconds
        while not stopping and time.monotonic() < deadline:
            # What the customer reads, without the moving preview: a new screen or new figures.
            state = driver.execute_script("""
                const notice = document.getElementById('notice');
                const main = document.querySelector('main') || document.body;
                return [document.body.dataset.screen || '', notice && !notice.hidden ? notice.innerText : '',
                        main.innerText];""")
            if state != last and state[0]:
                count += 1
                name = (state[0] + ("-refused" if state[1] else "")).replace("/", "-")
                driver.save_screenshot(os.path.join(args.out, f"{count:02d}-{name}.png"))
                last = state
            time.sleep(0.1)
        print(f"display screenshots: {count} in {args.out}")
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
