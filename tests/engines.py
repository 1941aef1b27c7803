"""Firefox and WebKit for the tests: one small interface over two very different drivers.

- Firefox: Debian's ``firefox-esr`` driven by ``puppeteer-core`` 24.x over WebDriver BiDi, through
  a Node bridge (``tests/node/firefox_bridge.mjs``) that takes one JSON command a line. Debian has
  no geckodriver, and puppeteer 25 needs Node 22.
- WebKit: Debian's ``webkit2gtk-driver`` (``WebKitWebDriver`` driving ``MiniBrowser
  --automation``) through Selenium's WebKitGTK options. WebKitGTK has no headless mode, so the
  driver runs under ``xvfb-run``; the window is at least 447 px wide (MiniBrowser's minimum).
  It has no console-log API: page errors are caught in the page by listeners added after each
  navigation (errors before the load event are not seen).

Both expose ``goto``, ``run`` (a script body run as an async function, its value returned),
``errors`` and ``close``; :func:`wait` polls a condition. Checks written against this interface
run unchanged in both engines (``tests/test_engines.py``).
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, Protocol

REPO_ROOT = Path(__file__).resolve().parent.parent
FIREFOX = Path("/usr/bin/firefox-esr")
FIREFOX_BRIDGE = REPO_ROOT / "tests" / "node" / "firefox_bridge.mjs"
WEBKIT_DRIVER = Path("/usr/bin/WebKitWebDriver")
MINIBROWSER = Path("/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser")
XVFB_RUN = Path("/usr/bin/xvfb-run")
PHONE_SIZE = (390, 844)
WEBKIT_SIZE = (450, 900)
"""MiniBrowser's window cannot be narrower than 447 px."""
COMMAND_LIMIT_S = 120.0

_ERROR_HOOK = """
if (!window.__stcErrors) {
  window.__stcErrors = [];
  window.addEventListener("error", (e) => window.__stcErrors.push("pageerror: " + (e.message || e)));
  window.addEventListener("unhandledrejection", (e) => window.__stcErrors.push("rejection: " + String(e.reason)));
}
return null;
"""


class EngineUnavailable(RuntimeError):
    """The browser or its driver is not installed (``scripts/setup.sh --with-test-tools``)."""


class Engine(Protocol):
    name: str
    version: str

    def goto(self, url: str) -> None: ...
    def run(self, script: str) -> Any: ...
    def errors(self) -> list[str]: ...
    def close(self) -> None: ...


def wait(engine: Engine, condition: str, *, timeout: float = 60.0, what: str = "", show: str = "") -> Any:
    """Poll ``condition`` (a JavaScript expression) until it is truthy; return its value.

    Errors while polling (a navigation replacing the document) count as "not yet". On a time-out
    the message carries the value of ``show`` (a JavaScript expression), if given.
    """
    deadline = time.monotonic() + timeout
    last: Any = None
    while True:
        try:
            last = engine.run(f"return ({condition}) || null;")
        except Exception as exc:  # the page may be between two documents
            last = f"error: {exc}"[:300]
        else:
            if last:
                return last
        if time.monotonic() > deadline:
            if show:
                try:
                    last = engine.run(f"return {show};")
                except Exception as exc:
                    last = f"error: {exc}"[:300]
            raise AssertionError(f"{engine.name}: timed out after {timeout:.0f} s waiting for "
                                 f"{what or condition} (last: {last!r})")
        time.sleep(0.25)


def reload(engine: Engine) -> None:
    """Reload with ``location.reload()``: in Firefox a driver's refresh bypasses the service worker."""
    engine.run("window.__stcBeforeReload = true; setTimeout(() => location.reload(), 0); return null;")
    wait(engine, "!window.__stcBeforeReload && document.readyState === 'complete'",
         what="the reloaded page")
    engine.run(_ERROR_HOOK)


# ----------------------------------------------------------------------------- Firefox


class Firefox:
    """firefox-esr through the Node bridge (one process for the whole session)."""

    name = "firefox"

    def __init__(self) -> None:
        node = shutil.which("node")
        missing = [str(p) for p in (FIREFOX, FIREFOX_BRIDGE) if not p.exists()]
        if node is None:
            missing.append("node")
        if not (REPO_ROOT / "node_modules" / "puppeteer-core").is_dir():
            missing.append("node_modules/puppeteer-core (npm ci)")
        if missing:
            raise EngineUnavailable(f"Firefox test tools missing: {', '.join(missing)}")
        assert node is not None
        self._process = subprocess.Popen(
            [node, str(FIREFOX_BRIDGE), str(FIREFOX), *map(str, PHONE_SIZE)],
            cwd=REPO_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, start_new_session=True,
        )
        self._answers: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True, name="firefox-bridge").start()
        self._next_id = 0
        try:
            self.version = str(self._receive(0))
        except Exception:
            self.close()
            raise

    def _read(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            self._answers.put(line)
        self._answers.put(None)

    def _receive(self, wanted: int) -> Any:
        while True:
            try:
                line = self._answers.get(timeout=COMMAND_LIMIT_S)
            except queue.Empty:
                raise AssertionError(f"firefox bridge: no answer in {COMMAND_LIMIT_S:.0f} s") from None
            if line is None:
                stderr = self._process.stderr.read() if self._process.stderr else ""
                raise AssertionError(f"firefox bridge exited: {stderr[-2000:]}")
            answer = json.loads(line)
            if answer.get("id") != wanted:
                continue
            if not answer.get("ok"):
                raise RuntimeError(answer.get("error", "unknown error"))
            return answer.get("value")

    def _command(self, op: str, **fields: Any) -> Any:
        self._next_id += 1
        assert self._process.stdin is not None
        self._process.stdin.write(json.dumps({"id": self._next_id, "op": op, **fields}) + "\n")
        self._process.stdin.flush()
        return self._receive(self._next_id)

    def goto(self, url: str) -> None:
        self._command("goto", url=url)

    def run(self, script: str) -> Any:
        return self._command("run", script=script)

    def errors(self) -> list[str]:
        return list(self._command("errors"))

    def close(self) -> None:
        if self._process.poll() is None:
            try:
                self._command("close")
                self._process.wait(timeout=30)
            except Exception:
                os.killpg(self._process.pid, signal.SIGKILL)
                self._process.wait(timeout=30)


# ----------------------------------------------------------------------------- WebKit


class WebKit:
    """MiniBrowser through WebKitWebDriver (Selenium), the driver under xvfb-run."""

    name = "webkit"

    def __init__(self) -> None:
        missing = [str(p) for p in (WEBKIT_DRIVER, MINIBROWSER, XVFB_RUN) if not p.exists()]
        if missing:
            raise EngineUnavailable(f"WebKit test tools missing: {', '.join(missing)}")
        try:
            from selenium import webdriver
            from selenium.webdriver.webkitgtk.options import Options
        except ImportError as exc:
            raise EngineUnavailable(f"the selenium package is not installed ({exc})") from None
        port = _free_port()
        self._process = subprocess.Popen(
            [str(XVFB_RUN), "-a", "-s", "-screen 0 1280x1024x24", str(WEBKIT_DRIVER), f"--port={port}"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            _wait_port(port, self._process)
            options = Options()
            options.binary_location = str(MINIBROWSER)
            options.add_argument("--automation")
            self._driver = webdriver.Remote(command_executor=f"http://127.0.0.1:{port}", options=options)
            self._driver.set_window_size(*WEBKIT_SIZE)
            self._driver.set_script_timeout(COMMAND_LIMIT_S)
            self._driver.set_page_load_timeout(COMMAND_LIMIT_S)
            self.version = str(self._driver.capabilities.get("browserVersion", "?"))
        except Exception:
            self._stop_driver_process()
            raise

    def goto(self, url: str) -> None:
        self._driver.get(url)
        self.run(_ERROR_HOOK)

    def run(self, script: str) -> Any:
        answer = self._driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            f"(async () => {{ {script}\n }})().then("
            "(v) => done({ok: true, value: v === undefined ? null : v}),"
            "(e) => done({ok: false, error: String(e && e.stack || e)}));"
        )
        if not isinstance(answer, dict) or not answer.get("ok"):
            raise RuntimeError(f"script failed: {answer}")
        return answer.get("value")

    def errors(self) -> list[str]:
        return list(self.run("const e = window.__stcErrors || []; window.__stcErrors = []; return e;"))

    def close(self) -> None:
        try:
            self._driver.quit()
        finally:
            self._stop_driver_process()

    def _stop_driver_process(self) -> None:
        if self._process.poll() is None:
            os.killpg(self._process.pid, signal.SIGTERM)
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self._process.pid, signal.SIGKILL)
                self._process.wait(timeout=15)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_port(port: int, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise EngineUnavailable(f"WebKitWebDriver exited ({process.returncode}): {stderr[-1000:]}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise EngineUnavailable(f"WebKitWebDriver did not listen on port {port} within {timeout:.0f} s")


ENGINES = {"firefox": Firefox, "webkit": WebKit}
