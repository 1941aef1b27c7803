"""Helpers of scripts/bench_browser.py: the benchmark's HTTP server and the in-page probe.

The server serves folders under URL prefixes (the built site at "/", the bare stock-Pyodide
page under another prefix) the way a good static host would: ``.wasm`` as application/wasm,
gzip for compressible types when the browser asks for it, ``immutable`` caching for versioned
or content-hashed files and ``no-cache`` plus ETag/Last-Modified revalidation for the rest.

It can act as a phone's network: one link shared by every connection, with a bandwidth cap and
a fixed latency added to each request. It is done in the server because Chromium's own
throttling (DevTools network conditions) does not apply to a service worker's fetches and
reaches dedicated workers unreliably. It counts every response's body bytes as sent
(compressed), also those a worker or a service worker asked for.
"""

from __future__ import annotations

import contextlib
import email.utils
import gzip
import http.server
import mimetypes
import re
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TYPES = {
    ".wasm": "application/wasm",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".map": "application/json",
    ".html": "text/html",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".woff2": "font/woff2",
}
COMPRESSIBLE = {
    "text/html", "text/css", "text/javascript", "text/plain", "application/json",
    "application/xml", "application/wasm", "image/svg+xml", "application/manifest+json",
}
"""What common static hosts gzip; archives, images and fonts go out as they are."""

GZIP_LEVEL = 6
LINK_CHUNK = 4096  # bytes per slot of the throttled link


@dataclass(frozen=True)
class Sent:
    """One response: its path, status, body bytes as sent, encoding, wall-clock end; and the
    body's size uncompressed and gzipped (where a host would gzip it), whatever was sent."""

    path: str
    status: int
    body_bytes: int
    encoding: str
    finished: float  # time.time(), comparable with the page's performance.timeOrigin
    raw_bytes: int = 0
    gzip_bytes: int = 0


class Meter:
    """Responses since the last reset, and whether any request is still being answered."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sent: list[Sent] = []
        self._in_flight = 0
        self._last_change = time.monotonic()

    def reset(self) -> None:
        with self._lock:
            self._sent = []

    def started(self) -> None:
        with self._lock:
            self._in_flight += 1
            self._last_change = time.monotonic()

    def finished(self, sent: Sent) -> None:
        with self._lock:
            self._in_flight -= 1
            self._last_change = time.monotonic()
            self._sent.append(sent)

    def responses(self) -> list[Sent]:
        with self._lock:
            return list(self._sent)

    def wait_quiet(self, quiet_s: float, limit_s: float) -> bool:
        """Wait until no request has been open for ``quiet_s``; False if ``limit_s`` passed first."""
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            with self._lock:
                idle = self._in_flight == 0 and time.monotonic() - self._last_change >= quiet_s
            if idle:
                return True
            time.sleep(0.05)
        return False


class Link:
    """The network between server and browser: unlimited, or one phone-like link.

    The bandwidth is shared by all connections (a phone has one radio, not one per request):
    every chunk books the next free slot on the link and is written when its slot ends. Each
    request also waits ``latency_s`` before its answer starts (one round trip per request;
    connection set-up is not modelled).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._bytes_per_s = 0.0
        self.latency_s = 0.0
        self._next_free = 0.0

    def configure(self, bytes_per_s: float, latency_s: float) -> None:
        with self._lock:
            self._bytes_per_s = bytes_per_s
            self.latency_s = latency_s
            self._next_free = 0.0

    def send(self, write: Callable[[bytes], object], data: bytes) -> None:
        rate = self._bytes_per_s
        if rate <= 0:
            write(data)
            return
        view = memoryview(data)
        for start in range(0, len(view), LINK_CHUNK):
            chunk = view[start:start + LINK_CHUNK]
            with self._lock:
                begin = max(time.monotonic(), self._next_free)
                self._next_free = begin + len(chunk) / rate
                due = self._next_free
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            write(bytes(chunk))


@dataclass(frozen=True)
class Entry:
    raw: bytes
    packed: bytes | None  # gzip, when the type is compressible
    content_type: str
    etag: str
    modified: float


class Files:
    """The served folders, read once and gzipped once (before any timing starts)."""

    def __init__(self, mounts: dict[str, Path]) -> None:
        # Longest prefix first, so "/_bench/bare/" wins over "/".
        self.mounts = sorted(((prefix, folder.resolve()) for prefix, folder in mounts.items()),
                             key=lambda item: -len(item[0]))
        self._entries: dict[Path, Entry] = {}
        self._lock = threading.Lock()

    def preload(self) -> None:
        for _prefix, folder in self.mounts:
            for path in folder.rglob("*"):
                if path.is_file() and not path.name.endswith(".map"):
                    self.load(path)

    def resolve(self, url_path: str) -> Path | str | None:
        """The file for a URL path, a redirect target ("folder/"), or None (404)."""
        for prefix, folder in self.mounts:
            if not url_path.startswith(prefix):
                continue
            path = (folder / url_path[len(prefix):]).resolve()
            if not path.is_relative_to(folder):
                return None
            if path.is_dir():
                if not url_path.endswith("/"):
                    return url_path + "/"
                path = path / "index.html"
            return path if path.is_file() else None
        return None

    def load(self, path: Path) -> Entry:
        with self._lock:
            entry = self._entries.get(path)
        if entry is not None:
            return entry
        raw = path.read_bytes()
        stat = path.stat()
        content_type = TYPES.get(path.suffix.lower()) or (
            mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        packed = gzip.compress(raw, GZIP_LEVEL, mtime=0) if content_type in COMPRESSIBLE else None
        if content_type.startswith("text/") or content_type in ("application/json", "image/svg+xml"):
            content_type += "; charset=utf-8"
        entry = Entry(raw, packed, content_type, f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"',
                      stat.st_mtime)
        with self._lock:
            self._entries[path] = entry
        return entry


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like a real host
    # Headers and body leave in separate writes; with Nagle's algorithm on, the body of a small
    # response waited for the client's delayed ACK (~40 ms on Linux), once per file. A real
    # host sends with TCP_NODELAY; without it the page's nine end-of-body scripts, fetched one
    # after another, alone held DOMContentLoaded back by ~360 ms on a cold visit.
    disable_nagle_algorithm = True
    server: BenchServer

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self, with_body: bool) -> None:
        server = self.server
        server.meter.started()
        url_path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        status, encoding, sent, raw_size, gzip_size = 0, "", 0, 0, 0

        def write(data: bytes) -> None:
            nonlocal sent
            self.wfile.write(data)
            sent += len(data)

        try:
            if server.link.latency_s > 0:
                time.sleep(server.link.latency_s)
            found = server.files.resolve(url_path)
            if found is None or isinstance(found, str):
                status = 404 if found is None else 301
                body = b"not found\n" if found is None else b""
                self.send_response(status)
                if isinstance(found, str):
                    self.send_header("Location", found)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if with_body and body:
                    server.link.send(write, body)
                return
            entry = server.files.load(found)
            accepts = self.headers.get("Accept-Encoding", "")
            use_gzip = entry.packed is not None and re.search(r"\bgzip\b(?!;\s*q=0\b)", accepts) is not None
            etag = entry.etag[:-1] + '-gz"' if use_gzip else entry.etag
            cache = ("public, max-age=31536000, immutable" if server.immutable.search(url_path)
                     else "no-cache")
            if self._not_modified(etag, entry.modified):
                status = 304
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Cache-Control", cache)
                self.end_headers()
                return
            body = entry.packed if use_gzip and entry.packed is not None else entry.raw
            status = 200
            encoding = "gzip" if use_gzip else ""
            self.send_response(200)
            self.send_header("Content-Type", entry.content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", cache)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", email.utils.formatdate(entry.modified, usegmt=True))
            if entry.packed is not None:
                self.send_header("Vary", "Accept-Encoding")
            if use_gzip:
                self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            if with_body:
                raw_size = len(entry.raw)
                gzip_size = len(entry.packed) if entry.packed is not None else raw_size
                server.link.send(write, body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            server.meter.finished(Sent(url_path, status, sent, encoding, time.time(), raw_size, gzip_size))

    def _not_modified(self, etag: str, modified: float) -> bool:
        tags = self.headers.get("If-None-Match")
        if tags is not None:
            return etag in (tag.strip() for tag in tags.split(",")) or tags.strip() == "*"
        since = self.headers.get("If-Modified-Since")
        if since:
            with contextlib.suppress(TypeError, ValueError):
                return int(modified) <= email.utils.parsedate_to_datetime(since).timestamp()
        return False


class BenchServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, mounts: dict[str, Path], immutable: re.Pattern[str]) -> None:
        self.files = Files(mounts)
        self.files.preload()
        self.meter = Meter()
        self.link = Link()
        self.immutable = immutable
        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser closing a connection mid-answer is not news


@contextlib.contextmanager
def running(mounts: dict[str, Path], immutable: re.Pattern[str]) -> Iterator[BenchServer]:
    server = BenchServer(mounts, immutable)
    thread = threading.Thread(target=server.serve_forever, name="bench-server", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


PROBE = """
(() => {
  if (window.top !== window || window.__bench) return;
  const bench = window.__bench = {
    timeOrigin: performance.timeOrigin, firstResult: null, error: null, controlled: null,
    longTasks: [],
  };
  // Longest main-thread tasks from the start of the document (buffered).
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
  } catch (e) {
    bench.longTasks = null;
  }
  // The calculator's boot timeout only shows a "taking long" note; keep it out of the way.
  window.__stcCalcBootTimeoutMs = %(boot_timeout_ms)d;
  const check = () => {
    if (bench.firstResult !== null) return true;
    const done = (document.querySelector("[data-product-mg2-dl2]") &&
                  document.querySelector("[data-entity]")) ||
                 document.querySelector("[data-bench-result]");
    if (done) {
      bench.firstResult = performance.now();
      bench.controlled = !!(navigator.serviceWorker && navigator.serviceWorker.controller);
      return true;
    }
    const failed = document.querySelector('[data-stc-calculator][data-state="error"]') ||
                   document.querySelector("[data-bench-error]");
    if (failed && bench.error === null) {
      bench.error = (failed.getAttribute("data-bench-error") || failed.textContent || "error")
        .replace(/\\s+/g, " ").trim().slice(0, 400);
    }
    return false;
  };
  const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
  observer.observe(document, { childList: true, subtree: true, attributes: true,
                               attributeFilter: ["data-state", "data-bench-error"] });
})();
"""
"""Init script for every page: records when the first result is in the DOM (ms from
navigation), an error state, whether a service worker controls the page, and long tasks."""


def probe_script(boot_timeout_ms: int) -> str:
    return PROBE % {"boot_timeout_ms": boot_timeout_ms}
