"""The calculator's memory snapshot (build_tools/make_snapshot.mjs, calc-worker.js "Snapshot").

A first start boots Python normally and only then keeps the snapshot, in the background; the
next start restores it (the worker's "ready" says ``snapshot: true``) and answers exactly as a
normal start does. A damaged kept snapshot, or one Pyodide refuses, costs only a normal start.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from conftest import PageWatch

pytestmark = pytest.mark.browser

CACHE = "stc-guide-snapshot:/"
REQUEST = {"action": "compute", "state": {"pattern": ["popcorn"], "compartment": ["soft-tissue"]}}

RUN = """async ([settings, request]) => {
  const worker = new Worker(new URL("../assets/js/calc-worker.js", location.href).href);
  const out = {};
  await new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error("no answer within 120 s")), 120000);
    worker.onerror = (event) => reject(new Error("worker error: " + (event.message || "?")));
    worker.onmessage = (event) => {
      const data = event.data || {};
      if (data.type === "ready") out.snapshot = data.snapshot;
      if (data.id === 1) { out.response = data.response; resolve(); }
      if (data.type === "error") reject(new Error(data.message));
    };
    worker.postMessage({ type: "start", settings });
    worker.postMessage({ id: 1, request });
  });
  out.worker = worker;
  window.__snapWorkers = (window.__snapWorkers || []).concat([worker]);
  delete out.worker;
  return out;
}"""

KEPT = """async ([cacheName, url]) => {
  for (let i = 0; i < 600; i++) {
    const cache = await caches.open(cacheName);
    const kept = await cache.match(url);
    if (kept) return (await kept.arrayBuffer()).byteLength;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return -1;
}"""

PUT = """async ([cacheName, url, bytes, headers]) => {
  const cache = await caches.open(cacheName);
  await cache.put(url, new Response(new Uint8Array(bytes), { headers }));
}"""

STOP = "() => { for (const w of window.__snapWorkers || []) w.terminate(); window.__snapWorkers = []; }"


def _settings(phone: PageWatch) -> dict[str, Any]:
    settings: dict[str, Any] = json.loads(
        (phone.server.root / "assets" / "calc" / "runtime.json").read_text(encoding="utf-8"))
    assert settings.get("snapshotURL"), "the build names no memory snapshot"
    return settings


def _run(phone: PageWatch, settings: dict[str, Any], stop: bool = True) -> dict[str, Any]:
    result: dict[str, Any] = phone.page.evaluate(RUN, [settings, REQUEST])
    if stop:
        phone.page.evaluate(STOP)
    return result


def test_second_start_restores_the_snapshot_with_the_same_answer(phone: PageWatch) -> None:
    settings = _settings(phone)
    phone.page.goto(phone.server.url + "glossary/")
    first = _run(phone, settings, stop=False)  # the worker keeps the snapshot in the background
    assert first["snapshot"] is False, "a first start must not wait for the snapshot"
    url = phone.server.url + settings["snapshotURL"]
    kept = phone.page.evaluate(KEPT, [CACHE, url])
    phone.page.evaluate(STOP)
    assert kept == settings["snapshotRawBytes"], "the snapshot was not kept after the first start"
    second = _run(phone, settings)
    assert second["snapshot"] is True, "the second start did not restore the snapshot"
    assert second["response"] == first["response"]
    assert first["response"]["ok"] is True


@pytest.mark.parametrize("damage", ["bytes", "refused", "marked"])
def test_a_bad_snapshot_falls_back_to_a_normal_start(phone: PageWatch, damage: str) -> None:
    settings = _settings(phone)
    phone.page.goto(phone.server.url + "glossary/")
    url = phone.server.url + settings["snapshotURL"]
    garbage = list(range(256)) * 64
    headers: dict[str, str] = {}
    if damage == "refused":
        # Its checksum matches, so the worker hands it to Pyodide, which refuses it.
        settings = dict(settings, snapshotSHA256=hashlib.sha256(bytes(garbage)).hexdigest())
    if damage == "marked":
        # Marked as checked when kept, but not the length kept: the worker checks it again.
        headers = {"X-STC-Checked-SHA256": settings["snapshotSHA256"],
                   "X-STC-Checked-Length": str(settings["snapshotRawBytes"])}
    phone.page.evaluate(PUT, [CACHE, url, garbage, headers])
    result = _run(phone, settings)
    assert result["snapshot"] is False
    assert result["response"]["ok"] is True
    assert any("snapshot" in text for text in phone.console_errors), "the failure is not in the console"
