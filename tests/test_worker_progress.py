"""The calculator's worker reports its download progress (CONTRACT: worker <-> page messages):
``{type: "progress", received, total}`` at most every ~100 ms while bytes arrive, total from
runtime.json's ``downloadBytes``, received reaching it; then "ready" and answers as before.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import PageWatch

pytestmark = pytest.mark.browser

COLLECT = """async (settings) => {
  const worker = new Worker(new URL("../assets/js/calc-worker.js", location.href).href);
  const messages = [];
  const started = performance.now();
  await new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error("no answer within 120 s")), 120000);
    worker.onerror = (event) => reject(new Error("worker error: " + (event.message || "?")));
    worker.onmessage = (event) => {
      messages.push({ at: performance.now() - started, data: event.data });
      if (event.data && event.data.id === 1) setTimeout(resolve, 400);
      if (event.data && event.data.type === "error") reject(new Error(event.data.message));
    };
    worker.postMessage({ type: "start", settings });
    worker.postMessage({ id: 1, request: { action: "form" } });
  });
  worker.terminate();
  return messages;
}"""


def test_worker_posts_byte_progress_then_ready(phone: PageWatch) -> None:
    page = phone.page
    settings = json.loads((phone.server.root / "assets" / "calc" / "runtime.json").read_text(encoding="utf-8"))
    page.goto(phone.server.url + "glossary/")
    messages: list[dict[str, Any]] = page.evaluate(COLLECT, settings)
    kinds = [m["data"].get("type", "answer") for m in messages]
    assert kinds.index("ready") < kinds.index("answer")
    progress = [m for m in messages if m["data"].get("type") == "progress"]
    assert progress, kinds
    # The total is known once the settings are read (the first post may come before: null).
    assert progress[0]["data"]["total"] in (None, settings["downloadBytes"])
    assert all(m["data"]["total"] == settings["downloadBytes"] for m in progress[1:])
    received = [m["data"]["received"] for m in progress]
    assert received == sorted(received), "received only grows"
    assert received[-1] == settings["downloadBytes"], "every byte counted (the test server does not compress)"
    stages = {m["data"]["stage"] for m in progress}
    assert {"settings", "runtime", "calculator"} <= stages
    # At most one post per 100 ms, besides one per stage (times as the page received them).
    elapsed = messages[-1]["at"]
    assert len(progress) <= elapsed / 100 + len(stages) + 2, (len(progress), elapsed)
