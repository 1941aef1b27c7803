"""Build the site the way CI does (``mkdocs build --strict``) into a given folder, and serve it.

Used by the site tests, which build once per session and share the result.
"""

from __future__ import annotations

import contextlib
import functools
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_PATH = Path("/usr/bin/chromium")
CHROMIUM_ARGS: list[str] = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup",
]
"""Debian Chromium's flags on this kind of machine: without the networking ones it keeps trying
to reach hosts the sandbox cannot reach. Headless Chromium is the whole browser, and it
builds the address bar's web-page popups (chrome://omnibox-popup.top-chrome, its "AI mode"
box) in a renderer of their own at each new window: traced here, that renderer kept one of
the machine's two cores busy for 0.4-1 s while the page under test loaded (issue 14's note,
session 6). No phone browser does this; the last flag turns them off. Shared by the tests,
the benchmark and the report."""
CONFIG_FILE = REPO_ROOT / "mkdocs.yml"


@dataclass(frozen=True)
class SiteBuild:
    """What a build produced and said."""

    site_dir: Path
    returncode: int
    output: str
    seconds: float

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.output.splitlines() if "WARNING" in line]


def build_site(
    site_dir: Path,
    *,
    project_root: Path = REPO_ROOT,
    strict: bool = True,
    timeout: float = 900,
) -> SiteBuild:
    """Run ``mkdocs build`` for ``project_root``'s mkdocs.yml into ``site_dir``."""
    command = [
        sys.executable, "-m", "mkdocs", "build",
        "-f", str(project_root / "mkdocs.yml"), "-d", str(site_dir),
    ]
    if strict:
        command.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.monotonic()
    result = subprocess.run(
        command, cwd=project_root, env=env, capture_output=True, text=True, timeout=timeout,
        check=False,
    )
    return SiteBuild(
        site_dir=site_dir,
        returncode=result.returncode,
        output=result.stdout + result.stderr,
        seconds=time.monotonic() - started,
    )


_session: dict[str, SiteBuild] = {}


def build_site_once(work_dir: Path) -> SiteBuild:
    """The strict build of this test session, made on first use into ``work_dir/site``."""
    if "site" not in _session:
        _session["site"] = build_site(work_dir / "site")
    return _session["site"]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve_site(site_dir: Path, handler_class: type[SimpleHTTPRequestHandler] = _QuietHandler) -> Iterator[str]:
    """Serve a built site on a free local port; yields its base URL (ending in "/")."""
    handler = functools.partial(handler_class, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
