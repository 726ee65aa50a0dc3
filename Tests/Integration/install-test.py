#!/usr/bin/python3
"""Follows docs/install.md to the letter, in a temporary root, up to the first payment and its refund.

Every command of the page's ```sh blocks runs in order, as the page writes it, with only these
changes, all of them about the machine rather than the procedure:
- paths under /etc/kioskd, /var/lib/kioskd, /run/kioskd, /usr/local/bin and /etc/systemd/system
  move into the temporary root (and so do the paths inside the installed config file, and kioskctl
  is given that root's socket);
- `sudo` and `sudo -u kioskd` are dropped, and `install`'s `-o`/`-g` owners with them;
- `useradd`, `groupadd`, `usermod` and `systemctl` are skipped, except `systemctl enable --now`,
  for which the test starts kioskd itself with the installed config, as the unit would;
- passwords are typed at the prompts through a pseudo-terminal, as a person types them;
- SESSION, CODE and PAYMENT stand for what earlier commands printed: the session opened, the
  vouchers read (by our scanner, through `kioskctl qr decode`) from the printed sheet's pages
  rendered to pixels with librsvg, and the payment confirmed.

Run from scripts/test.sh after the other tests (the page's `swift build` builds the products
without testability). Exit 0 when every command succeeded and the checks at the end hold.
"""
import os
import pty
import re
import select
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SKIPPED = ("useradd", "groupadd", "usermod", "systemctl")


def fail(message):
    print(f"install-test: FAILED: {message}", flush=True)
    sys.exit(1)


def commands_of(page):
    """Every command line of the page's sh blocks, in order."""
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", page, re.S):
        pending = ""
        for line in block.splitlines():
            line = pending + line
            if line.endswith("\\"):
                pending = line[:-1]
                continue
            pending = ""
            if line.strip() and not line.strip().startswith("#"):
                # `a && b` runs as a, then b when a succeeded: as here, where any failure stops.
                lines.extend(part.strip() for part in line.split(" && "))
    return lines


class Installer:
    def __init__(self, root):
        self.root = root
        self.moves = [
            ("/etc/systemd/system", f"{root}/etc/systemd/system"),
            ("/etc/kioskd", f"{root}/etc/kioskd"),
            ("/var/lib/kioskd", f"{root}/var/lib/kioskd"),
            ("/run/kioskd", f"{root}/run/kioskd"),
            ("/usr/local/bin", f"{root}/bin"),
        ]
        for directory in ("bin", "etc/systemd/system", "run/kioskd", "run/user", "var/lib"):
            os.makedirs(f"{root}/{directory}", exist_ok=True)
        self.env = dict(os.environ)
        self.env["PATH"] = f"{root}/bin:" + self.env["PATH"]
        self.env["XDG_RUNTIME_DIR"] = f"{root}/run/user"
        self.passwords = {}  # account -> its password now
        self.user = None  # the account kioskctl is logged in as
        self.session = None
        self.payment = None
        self.codes = []  # QR payloads read from the printed sheet, not yet presented
        self.daemon = None
        self.outputs = []  # (command, output)
        self.made = 0  # passwords made
        self.changed = None  # the new password of the last password change

    def fresh(self, prefix):
        """A new password the policy takes (10 to 16 characters)."""
        self.made += 1
        return f"{prefix}-{self.made:04d}-Pw"

    def moved(self, text):
        for old, new in self.moves:
            text = text.replace(old, new)
        return text

    def prepared(self, line):
        """The page's command as it runs here, or None when it needs the real machine."""
        words = shlex.split(line)
        while words and words[0] == "sudo":
            words = words[3:] if words[1:2] == ["-u"] else words[1:]
        if not words:
            return None
        if words[0] in SKIPPED:
            return words
        if words[0] == "install":
            kept = []
            skip = False
            for word in words:
                if skip:
                    skip = False
                    continue
                if word in ("-o", "-g"):
                    skip = True
                    continue
                kept.append(word)
            words = kept
        if words[0] == "kioskctl":
            words = ["kioskctl", "--socket", "/run/kioskd/control.sock"] + words[1:]  # moved below
        replaced = []
        for word in words:
            if word == "SESSION":
                if not self.session:
                    fail(f"'{line}' needs a session, and none was opened")
                word = self.session
            elif word == "CODE":
                if not self.codes:
                    fail(f"'{line}' needs a voucher code, and the printed sheet gave none")
                word = self.codes.pop(0)
            elif word == "PAYMENT":
                if not self.payment:
                    fail(f"'{line}' needs a payment, and none was confirmed")
                word = self.payment
            replaced.append(self.moved(word))
        return replaced

    def answers(self, words):
        """What a person types for the command, by prompt."""
        answers = {}
        if words[0] == "kioskd" and words[1:2] == ["create-account"]:
            name = words[-2]
            self.passwords[name] = self.fresh("Init")
            answers[None] = self.passwords[name]  # read from standard input, no prompt
        if words[0] == "kioskctl":
            verb = [w for w in words[3:] if not w.startswith("-")][:3]
            if verb[:1] == ["login"]:
                answers["Password for"] = self.passwords.get(verb[1], "")
            if verb[:2] == ["password", "change"] and self.user:
                answers["Current password"] = self.passwords[self.user]
                answers["New password"] = self.changed = self.fresh("Kiosk")
            if verb[:2] == ["account", "create"]:
                self.passwords[verb[2]] = self.fresh("Init")
                answers["Initial password for"] = self.passwords[verb[2]]
        return answers

    def run(self, line):
        words = self.prepared(line)
        if words is None:
            return
        if words[0] in SKIPPED:
            if words[:3] == ["systemctl", "enable", "--now"]:
                self.start_daemon()
            print(f"install-test: skipped (needs the real machine): {line}", flush=True)
            return
        print(f"install-test: $ {line}", flush=True)
        status, output = self.typed(words, self.answers(words))
        self.outputs.append((line, output))
        print("".join(f"    {row}\n" for row in output.splitlines()), end="", flush=True)
        if status != 0:
            fail(f"'{line}' exited {status}")
        self.learn(words, output)

    def typed(self, words, answers):
        """Runs the command on a pseudo-terminal, typing the answers at their prompts."""
        pid, fd = pty.fork()
        if pid == 0:
            os.chdir(REPO)
            try:
                os.execvpe(words[0], words, self.env)
            finally:
                os._exit(127)
        if None in answers:
            os.write(fd, (answers[None] + "\n").encode())
        output = b""
        deadline = time.monotonic() + 1800
        pending = b""
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 1.0)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
            pending += chunk
            if os.environ.get("INSTALL_TEST_DEBUG"):
                print(f"install-test: read {chunk!r}", file=sys.stderr, flush=True)
            for prompt, answer in answers.items():
                if prompt is None:
                    continue
                # "New password again" answers as "New password" does; the longest prompt first.
                match = re.search(re.escape(prompt.encode()) + rb"[^:\n]*: $", pending)
                if match:
                    os.write(fd, (answer + "\n").encode())
                    pending = b""
                    break
        _, status = os.waitpid(pid, 0)
        os.close(fd)
        text = output.decode("utf-8", "replace").replace("\r\n", "\n")
        return os.waitstatus_to_exitcode(status), text

    def learn(self, words, output):
        """Takes from a command's output what later commands of the page refer to."""
        if words[0] == "install" and words[-1].endswith("/etc/kioskd/kioskd.conf"):
            path = words[-1]
            with open(path, encoding="utf-8") as f:
                config = self.moved(f.read())
            with open(path, "w", encoding="utf-8") as f:
                f.write(config)
        if words[0] != "kioskctl":
            return
        verb = [w for w in words[3:] if not w.startswith("-")][:2]
        if verb[:1] == ["login"]:
            self.user = verb[1]
        if verb == ["password", "change"]:
            self.passwords[self.user] = self.changed
        if verb == ["session", "open"]:
            found = re.search(r"session ([0-9a-f]{16})", output)
            self.session = found and found.group(1)
        if verb == ["session", "confirm"]:
            found = re.search(r"\b(P\d{12})\b", output)
            self.payment = found and found.group(1)
        if verb == ["issue", "sheet"]:
            self.codes = read_sheet([p.strip() for p in output.splitlines() if p.strip().endswith(".svg")], self.env)

    def start_daemon(self):
        config = f"{self.root}/etc/kioskd/kioskd.conf"
        self.log = open(f"{self.root}/kioskd.log", "w")
        self.daemon = subprocess.Popen(
            [f"{self.root}/bin/kioskd", "--config", config], stdout=self.log, stderr=subprocess.STDOUT, env=self.env
        )
        socket = f"{self.root}/run/kioskd/control.sock"
        for _ in range(100):
            if os.path.exists(socket):
                return
            if self.daemon.poll() is not None:
                fail(f"kioskd stopped at start (exit {self.daemon.returncode}): {open(self.log.name).read()}")
            time.sleep(0.1)
        fail("kioskd made no socket within 10 s")


def read_sheet(pages, env):
    """The QR payloads of the printed pages: each rendered at 150 dpi by librsvg and cut along its
    cut lines into vouchers (3 x 5 inside a 12 mm margin), each read by kioskctl qr decode."""
    if not pages:
        fail("issue sheet saved no page")
    work = tempfile.mkdtemp(prefix="sheet-")
    cells = []
    dpi = 150
    per_mm = dpi / 25.4
    for number, page in enumerate(pages):
        png = subprocess.run(["rsvg-convert", "-b", "white", "-d", str(dpi), "-p", str(dpi), page], capture_output=True, check=True).stdout
        pnm = subprocess.run(["pngtopnm"], input=png, capture_output=True, check=True).stdout
        pgm = subprocess.run(["ppmtopgm"], input=pnm, capture_output=True, check=True).stdout
        header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", pgm)
        width, height = int(header.group(1)), int(header.group(2))
        pixels = pgm[header.end():]
        cell_w, cell_h = (210 - 24) / 3 * per_mm, (297 - 24) / 5 * per_mm
        for row in range(5):
            for column in range(3):
                x0, y0 = int((12 * per_mm) + column * cell_w), int((12 * per_mm) + row * cell_h)
                w, h = min(int(cell_w), width - x0), min(int(cell_h), height - y0)
                data = b"".join(pixels[(y * width + x0):(y * width + x0 + w)] for y in range(y0, y0 + h))
                path = f"{work}/page{number}-{row}-{column}.pgm"
                with open(path, "wb") as f:
                    f.write(b"P5\n%d %d\n255\n" % (w, h) + data)
                cells.append(path)
    decoded = subprocess.run(["kioskctl", "qr", "decode"] + cells, capture_output=True, text=True, env=env)
    codes = [line for line in decoded.stdout.splitlines() if line.startswith("KQ1P:")]
    codes.sort(key=lambda payload: payload.split(":")[2])
    print(f"install-test: read {len(codes)} vouchers from {len(pages)} printed page(s)", flush=True)
    shutil.rmtree(work)
    return codes


def main():
    with open(f"{REPO}/docs/install.md", encoding="utf-8") as f:
        page = f.read()
    root = tempfile.mkdtemp(prefix="install-test-")
    installer = Installer(root)
    try:
        for line in commands_of(page):
            installer.run(line)
        checks(installer, root)
    finally:
        if installer.daemon:
            installer.daemon.send_signal(signal.SIGTERM)
            installer.daemon.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)
    print("install-test: PASSED: docs/install.md reaches its first payment and refund", flush=True)


def checks(installer, root):
    """What the page promises, checked in the outputs and the log."""
    outputs = installer.outputs
    status = [out for line, out in outputs if line == "kioskctl status"]
    if len(status) < 2 or "terminal_registered      no" not in status[0] or "terminal_registered      yes" not in status[-1]:
        fail("status says the terminal is unregistered before step 7 and registered after it")
    with open(f"{root}/kioskd.log", encoding="utf-8") as f:
        log = f.read()
    if "kioskctl terminal create T-0001" not in log:
        fail("kioskd's log names the command that registers its terminal")
    sheet = [out for line, out in outputs if line.startswith("kioskctl issue sheet")]
    if not sheet or "2 page(s) saved" not in sheet[0]:
        fail("the 30 vouchers' sheet is two pages")
    if len(installer.codes) != 28:
        fail(f"30 vouchers read from the sheet, 2 of them presented; {len(installer.codes)} left")
    confirmed = [out for line, out in outputs if line.startswith("kioskctl session confirm")]
    if not confirmed or "2,000" not in confirmed[0] or not installer.payment:
        fail("the session is paid 2,000 yen")
    refunded = [out for line, out in outputs if line.startswith("kioskctl refund confirm")]
    if not refunded or "2,000" not in refunded[0]:
        fail("the payment is refunded")
    audit = [out for line, out in outputs if line == "kioskctl audit verify"]
    if not audit or "ok" not in audit[0]:
        fail("the audit chain verifies")


if __name__ == "__main__":
    main()
