#!/usr/bin/python3
"""What the customer display costs kioskd in CPU, on the demo kiosk's 30 fps synthetic camera.

Runs the same demo kiosk twice for --seconds each, after a warm-up: once without [display], once
with it and the page open in headless chromium (so the feed is live, the camera's preview is
drawn four times a second, and every code read with no session open becomes a balance inquiry). Prints kioskd's CPU time (user + system, from
/proc/PID/stat) as a share of one core for both runs and the difference. Only kioskd is counted:
the browser is the kiosk screen's own process.

Usage: scripts/display-cpu.py --bin .build/release [--seconds 20]
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def measure(kioskd, config, seconds, url=None):
    daemon = subprocess.Popen([kioskd, "--config", config], stderr=subprocess.DEVNULL)
    driver = None
    try:
        time.sleep(1.0)
        if daemon.poll() is not None:
            raise SystemExit(f"kioskd --config {config} exited with {daemon.returncode}")
        if url:
            options = webdriver.ChromeOptions()
            options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
            for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=800,480"]:
                options.add_argument(argument)
            driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"),
                                      options=options)
            driver.get(url)
        time.sleep(3.0)  # warm-up: the camera's first cards, the page's first messages
        start_cpu, start = cpu_seconds(daemon.pid), time.monotonic()
        time.sleep(seconds)
        used, elapsed = cpu_seconds(daemon.pid) - start_cpu, time.monotonic() - start
        if daemon.poll() is not None:
            raise SystemExit(f"kioskd exited during the measurement ({daemon.returncode})")
        messages = len(driver.execute_script("return window.kioskDisplay.shown")) if driver else 0
        previews = driver.execute_script("return window.kioskDisplay.previews || 0") if driver else 0
        return 100.0 * used / elapsed, (messages, previews)
    finally:
        if driver:
            driver.quit()
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--seconds", type=float, default=20.0)
    arguments = parser.parse_args()
    kioskd = os.path.join(arguments.bin, "kioskd")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    demo = tempfile.mkdtemp(prefix="kioskd-display-cpu.")
    try:
        subprocess.run([kioskd, "demo-setup", demo, "--display", f"127.0.0.1:{port}"], check=True,
                       stdout=subprocess.DEVNULL)
        with_display = os.path.join(demo, "kioskd.conf")
        with open(with_display, encoding="utf-8") as config:
            text = config.read()
        without = os.path.join(demo, "kioskd-no-display.conf")
        kept, inside = [], False
        for line in text.splitlines(keepends=True):
            if line.startswith("["):
                inside = line.strip() == "[display]"
            if not inside:
                kept.append(line)
        with open(without, "w", encoding="utf-8") as config:
            config.write("".join(kept))
        off, _ = measure(kioskd, without, arguments.seconds)
        on, (messages, previews) = measure(kioskd, with_display, arguments.seconds, f"http://127.0.0.1:{port}/")
        print(f"kioskd CPU on the 30 fps synthetic camera, {arguments.seconds:.0f} s each "
              f"({os.cpu_count()} cores, shared):")
        print(f"  without [display]:              {off:5.1f}% of a core")
        print(f"  with [display] and the page:    {on:5.1f}% of a core ({messages} messages shown, {previews} previews drawn)")
        print(f"  the display's share:            {on - off:+5.1f} points")
    finally:
        shutil.rmtree(demo, ignore_errors=True)


if __name__ == "__main__":
    main()
