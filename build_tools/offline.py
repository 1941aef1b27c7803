"""Offline use of STC Guide: service worker, web app manifest, icons and the offline copy.

Called by the build hooks (``build_tools/hooks.py``):

- :func:`pre_build` (``on_pre_build``): build the offline copy's zip
  (:mod:`build_tools.offline_copy`) when the command is ``mkdocs build`` or ``gh-deploy``;
- :func:`variant_files` (``on_files``): in the offline copy's own build, the search shim;
- :func:`about_markdown` (``on_page_markdown``): the About page's ``<!-- offline-archive -->``;
- :func:`post_build` at the very end of ``on_post_build``, after every step that changes a
  page: writes the icons, ``manifest.webmanifest`` and ``sw.js`` (whose file list and cache
  name come from the built files) and copies the zip into the site; in the offline copy's
  own build it writes the runtime data script instead.

Under ``mkdocs serve`` the pages change at every edit: ``sw.js`` is then a worker that caches
nothing (and deletes what a built site left on the same address), and no zip is made.

The service worker's logic is ``build_tools/sw_template.js``; its settings, written here, are
one JSON line. Pages and assets are precached at install; the Pyodide runtime (the large
part) is cached by the worker when the calculator first downloads it, never twice.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from build_tools import icons, offline_copy
from build_tools.runtime import GZIP_COPIES, RUNTIME_FILES

SW_NAME = "sw.js"
MANIFEST_NAME = "manifest.webmanifest"
OFFLINE_MARKER = "<!-- offline-archive -->"
SW_TEMPLATE = Path(__file__).with_name("sw_template.js")
RUNTIME_JSON = offline_copy.RUNTIME_JSON
ZIP_ENV = "STC_OFFLINE_ZIP"
"""``1`` or ``0`` forces the offline zip on or off; by default only ``mkdocs build`` and
``mkdocs gh-deploy`` make it (not ``mkdocs serve``, nor a build run from Python)."""

NOT_PRECACHED_PREFIXES = ("downloads/",)
NOT_PRECACHED_SUFFIXES = (".map", ".gz")
UNCHECKED = ("sitemap.xml", "pt/sitemap.xml")
"""Precached without a hash check: a host (or a test server) may rewrite their addresses. Each
language has its sitemap (build_tools/i18n_site.py); a rewritten one that failed its check kept
Firefox from ever reporting the calculator ready offline."""
_LUNR_LANGUAGES = "assets/javascripts/lunr/"
_VERSIONED = re.compile(r"(^|[/.])([0-9a-f]{16}|\d+\.\d+\.\d+)([/.]|$)")

SETTINGS_LINE = re.compile(r"^const SETTINGS = (\{.*\});$", re.MULTILINE)
"""How a reader of sw.js (the tests) finds its settings."""

SW_REGISTRATION_OPTIONS = {"updateViaCache": "none"}
"""sw.js is always fetched from the server when the browser looks for an update (a host's HTTP
caching must not hide a new build)."""
CONTROL_WAIT_MS = 3000
"""How long a first visit's calculator waits for the just-registered service worker to take
control before starting its worker anyway (so that the runtime's downloads pass through it and
are kept for offline use; a first install takes control at once, see sw_template.js)."""
PAGE_SETTINGS_ID = "stc-sw"
"""``<script type="application/json" id="stc-sw">`` in every page's <head> (overrides/main.html):
what calc-early.js and sw-register.js both need to register the service worker."""


def page_settings_element(sw_href: str) -> Markup:
    """The page's copy of the registration settings: a JSON <script> element for the <head>.

    ``sw_href`` is sw.js's address relative to the page (MkDocs' ``url`` filter), so the site
    works under any path.
    """
    text = json.dumps({"url": sw_href, "options": SW_REGISTRATION_OPTIONS,
                       "controlWaitMs": CONTROL_WAIT_MS}, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace("&", "\\u0026")
    return Markup(f'<script type="application/json" id="{PAGE_SETTINGS_ID}">{text}</script>')


class OfflineError(RuntimeError):
    """A file the offline support needs is missing or inconsistent."""


OfflineCopyError = offline_copy.OfflineCopyError
"""The offline copy did not build (raised by :func:`pre_build` and :func:`variant_files`)."""


@dataclass(frozen=True)
class ServiceWorkerStats:
    version: str
    precache_files: int
    precache_bytes: int
    runtime_files: int
    runtime_bytes: int


# ----------------------------------------------------------------------------- hook helpers


@dataclass
class HookState:
    """What the hooks keep between events of one `mkdocs` run (``build_tools/hooks.py``)."""

    command: str | None = None            # from on_startup: "build", "gh-deploy", "serve"
    zip: offline_copy.ZipStats | None = None
    work_dir: Path | None = None


def zip_wanted(command: str | None) -> bool:
    forced = os.environ.get(ZIP_ENV, "").strip()
    if forced in ("0", "1"):
        return forced == "1"
    return command in ("build", "gh-deploy")


def pre_build(state: HookState, config: Any) -> str | None:
    """Build the offline zip before the pages, so that the About page can give its size."""
    cleanup(state)
    if offline_copy.is_variant(config) or not zip_wanted(state.command):
        return None
    state.work_dir = Path(tempfile.mkdtemp(prefix="stc-offline-copy-"))
    state.zip = offline_copy.build_offline_zip(
        state.work_dir / Path(offline_copy.ZIP_URI).name,
        config_file=Path(config.config_file_path), work_dir=state.work_dir,
    )
    stats = state.zip
    return (f"Offline copy: {stats.files} files, {stats.size_bytes / 1_000_000:.1f} MB zip "
            f"(built in {stats.build_seconds:.1f} s, packed in {stats.zip_seconds:.1f} s)")


def cleanup(state: HookState) -> None:
    if state.work_dir is not None:
        shutil.rmtree(state.work_dir, ignore_errors=True)
    state.work_dir = None
    state.zip = None


def about_markdown(state: HookState, config: Any, page_url: str, lang: str = "en") -> str:
    """The About page's text for the ``<!-- offline-archive -->`` marker in this build, in the
    page's language (``lang``)."""
    from mkdocs.utils import get_relative_url

    if offline_copy.is_variant(config):
        return about_section(mode="copy", lang=lang)
    if state.command == "serve":
        return about_section(mode="preview", lang=lang)
    if state.zip is None:
        return about_section(mode="no-zip", lang=lang)
    return about_section(mode="site", zip_href=get_relative_url(offline_copy.ZIP_URI, page_url),
                         zip_size=state.zip.size_bytes, lang=lang)


def about_section(*, mode: str, zip_href: str = "", zip_size: int | None = None, lang: str = "en") -> str:
    """Markdown for the About page. ``mode``: "site" (zip linked), "no-zip" (a build that
    made no zip), "preview" (`mkdocs serve`) or "copy" (the offline copy's own page); the
    words are ``lang``'s (build_tools/i18n_strings_methods.py)."""
    from build_tools.i18n_strings import decimal, strings

    t = strings(lang)
    browser, serve_hint, two_ways = t["off_browser"], t["off_serve_hint"], t["off_two_ways"]
    if mode == "copy":
        return t["off_copy"].format(hint=serve_hint)
    if mode == "preview":
        return f"{two_ways}\n\n{browser} {t['off_not_in_preview']}\n\n" + t["off_no_zip"].format(
            what=t["off_preview"])
    if mode == "no-zip":
        return f"{two_ways}\n\n{browser}\n\n" + t["off_no_zip"].format(what=t["off_build"])
    size = f", {decimal(f'{zip_size / 1_000_000:.0f}', lang)} MB" if zip_size else ""
    return f"{two_ways}\n\n{browser}\n\n" + t["off_folder"].format(href=zip_href, size=size, hint=serve_hint)


def variant_files(config: Any) -> list[tuple[str, Path]]:
    """Files to add to the build (site path, source): the offline copy's shim, or nothing."""
    return offline_copy.variant_files(config) if offline_copy.is_variant(config) else []


def post_build(state: HookState, site_dir: Path, config: Any) -> str:
    """Everything offline support writes into a built site; returns a line for the log.

    Run after every step that changes a page: sw.js lists each file with its hash.
    """
    try:
        if offline_copy.is_variant(config):
            return offline_copy.finish_variant(site_dir)
        icons.write_icons(site_dir)
        write_manifest(site_dir, config)
        if state.zip is not None:
            target = site_dir / offline_copy.ZIP_URI
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(state.zip.path, target)
        if state.command == "serve":
            write_dev_service_worker(site_dir)
            return "Service worker: preview mode (caches nothing)"
        stats = write_service_worker(site_dir)
    finally:
        cleanup(state)
    return (
        f"Service worker {stats.version}: {stats.precache_files} files precached "
        f"({stats.precache_bytes / 1_000_000:.1f} MB), {stats.runtime_files} runtime files cached "
        f"on first use ({stats.runtime_bytes / 1_000_000:.1f} MB)"
    )


# ----------------------------------------------------------------------------- manifest


def web_manifest(config: Any) -> dict[str, Any]:
    name = str(getattr(config, "site_name", None) or "STC Guide")
    return {
        "name": f"{name}: soft-tissue calcifications",
        "short_name": name,
        "description": " ".join(str(getattr(config, "site_description", "") or "").split()),
        "lang": "en",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "theme_color": icons.THEME_COLOR,
        "background_color": icons.BACKGROUND_COLOR,
        "icons": icons.manifest_icons(),
    }


def write_manifest(site_dir: Path, config: Any) -> None:
    text = json.dumps(web_manifest(config), indent=1, ensure_ascii=False) + "\n"
    (site_dir / MANIFEST_NAME).write_text(text, encoding="utf-8")


# ----------------------------------------------------------------------------- service worker


def integrity(path: Path) -> str:
    """Subresource-integrity form of a file's SHA-256 ("sha256-<base64>")."""
    with path.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def site_files(site_dir: Path) -> list[str]:
    return sorted(path.relative_to(site_dir).as_posix()
                  for path in site_dir.rglob("*") if path.is_file())


def runtime_paths(site_dir: Path) -> list[str]:
    """runtime.json and every file it names: the calculator's runtime, cached on first use."""
    settings_file = site_dir / RUNTIME_JSON
    if not settings_file.is_file():
        raise OfflineError(f"{RUNTIME_JSON} is missing from {site_dir}: place the calculator first")
    settings = json.loads(settings_file.read_text(encoding="utf-8"))
    index = settings["indexURL"]
    paths = [RUNTIME_JSON, *(index + name for name in RUNTIME_FILES),
             settings["stdLibURL"], settings["lockFileURL"], settings["calcURL"]]
    missing = [path for path in paths if not (site_dir / path).is_file()]
    if missing:
        raise OfflineError(f"runtime.json names files that are not in the site: {missing}")
    return sorted(set(paths))


def precached(path: str, runtime_dirs: Iterable[str], lunr_files: set[str] | None) -> bool:
    """lunr_files: the lunr language files search needs (None: keep them all, unknown)."""
    if path == SW_NAME or path.startswith(NOT_PRECACHED_PREFIXES) or path.endswith(
            NOT_PRECACHED_SUFFIXES):
        return False
    if lunr_files is not None and path.startswith(_LUNR_LANGUAGES) and path not in lunr_files:
        return False
    return not any(path.startswith(folder) for folder in runtime_dirs)


def service_worker_settings(site_dir: Path) -> dict[str, Any]:
    """What sw.js needs to know about the build: see ``sw_template.js``."""
    files = site_files(site_dir)
    runtime = runtime_paths(site_dir)
    runtime_dirs = sorted({path.rsplit("/", 1)[0] + "/" for path in runtime})
    hashes = {path: integrity(site_dir / path) for path in files if path != SW_NAME}
    # Only the lunr language files the search indexes' languages load (Material's search worker
    # loads them on demand; the theme ships some thirty, about 1 MB).
    lunr_files = _lunr_files(site_dir)
    precache = {path: hashes[path] for path in files
                if path != SW_NAME and precached(path, runtime_dirs, lunr_files)}
    pages = [path for path in files if path.endswith(".html")]
    if not set(pages) <= set(precache):
        raise OfflineError(f"pages left out of the precache list: {sorted(set(pages) - set(precache))}")
    build = hashlib.sha256("".join(f"{path}\0{hashes[path]}\n" for path in sorted(hashes)).encode())
    return {
        "version": build.hexdigest()[:16],
        "precache": precache,
        "runtime": {path: hashes[path] for path in runtime},
        "checkFirst": [path for path in runtime if not _VERSIONED.search(path)],
        "gzipCopies": gzip_copies(site_dir, runtime),
        "unchecked": [path for path in UNCHECKED if path in precache],
    }


def gzip_copies(site_dir: Path, runtime: Iterable[str]) -> dict[str, dict[str, str]]:
    """Runtime files with a gzip copy beside them: path -> the copy's path and the file's type.

    Only files with a versioned name: the copy of an unversioned one could be a newer build's.
    """
    copies = {}
    for path in runtime:
        name = path.rsplit("/", 1)[-1]
        if name in GZIP_COPIES and _VERSIONED.search(path):
            if not (site_dir / f"{path}.gz").is_file():
                raise OfflineError(f"{path}.gz is missing from {site_dir}")
            copies[path] = {"path": f"{path}.gz", "type": GZIP_COPIES[name]}
    return copies


def write_service_worker(site_dir: Path) -> ServiceWorkerStats:
    settings = service_worker_settings(site_dir)
    line = json.dumps(settings, separators=(",", ":"), sort_keys=True)
    text = (
        "/* STC Guide service worker, written by build_tools/offline.py for this build: do not\n"
        " * edit (the logic is build_tools/sw_template.js). Serve this file with\n"
        " * Cache-Control: no-cache. */\n"
        '"use strict";\n\n'
        f"const SETTINGS = {line};\n\n"
        + SW_TEMPLATE.read_text(encoding="utf-8")
    )
    (site_dir / SW_NAME).write_text(text, encoding="utf-8")

    def size(paths: Iterable[str]) -> int:
        return sum((site_dir / path).stat().st_size for path in paths)

    return ServiceWorkerStats(
        version=settings["version"],
        precache_files=len(settings["precache"]),
        precache_bytes=size(settings["precache"]),
        runtime_files=len(settings["runtime"]),
        runtime_bytes=size(settings["runtime"]),
    )


DEV_SERVICE_WORKER = """\
/* STC Guide service worker for `mkdocs serve`, written by build_tools/offline.py: it caches
 * nothing, so edits show at once, and it removes what a built site cached on this address. */
"use strict";

const CACHE_PREFIX = "stc-guide:" + new URL(self.registration.scope).pathname + ":";

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(CACHE_PREFIX)) await caches.delete(name);
      }
      await self.clients.claim();
    })()
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "offline-status" && event.ports[0]) {
    event.ports[0].postMessage({ offline: false, reason: "preview" });
  }
});
"""


def write_dev_service_worker(site_dir: Path) -> None:
    (site_dir / SW_NAME).write_text(DEV_SERVICE_WORKER, encoding="utf-8")


def read_settings(sw_file: Path) -> dict[str, Any]:
    """The settings line of a written sw.js."""
    found = SETTINGS_LINE.search(sw_file.read_text(encoding="utf-8"))
    if not found:
        raise OfflineError(f"{sw_file} has no settings line")
    settings: dict[str, Any] = json.loads(found.group(1))
    return settings


def _lunr_files(site_dir: Path) -> set[str] | None:
    """The lunr files Material's search worker loads for the languages of every search index
    (English at the root, Portuguese under pt/): as its worker script chooses them, a pack per
    language other than English, the stemmer support with any pack, the multi-language pack
    for an index of several languages, and the word splitters of Japanese, Hindi and Thai.
    None when an index cannot be read (then every file is kept)."""
    files: set[str] = set()
    for index in (site_dir / "search" / "search_index.json",
                  site_dir / "pt" / "search" / "search_index.json"):
        if not index.is_file():
            continue
        try:
            lang = json.loads(index.read_text(encoding="utf-8"))["config"]["lang"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not isinstance(lang, list):
            return None
        packs = {f"min/lunr.{item}.min.js" for item in map(str, lang) if item != "en"}
        packs |= {"tinyseg.js" for item in lang if item == "ja"}
        packs |= {"wordcut.js" for item in lang if item in ("hi", "th")}
        if len(lang) > 1:
            packs.add("min/lunr.multi.min.js")
        if packs:
            packs.add("min/lunr.stemmer.support.min.js")
        files |= {_LUNR_LANGUAGES + name for name in packs}
    return files
