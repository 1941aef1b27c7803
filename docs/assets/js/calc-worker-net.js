/* STC Guide calculator worker, part 2 of 2: its downloads, progress, words and failures.
 *
 * Loaded by calc-worker.js with importScripts (a classic worker: both files share one global
 * scope). Kept apart because it is a job of its own: every download of the worker passes
 * through checkedFetch (a failed download is remembered and named; a .wasm of the wrong type is
 * re-labelled and reported); prefetch() requests every file the boot needs (wasm, standard
 * library, lock file, calc.zip) at once, side by side with pyodide.js and pyodide.asm.js,
 * instead of one after the other as Pyodide's start-up reaches them, and Pyodide's own fetch()
 * calls then receive those responses (the wasm is compiled as soon as it starts to arrive, see
 * compileEarly); bytes received are posted as progress; and the page's
 * words (calc/text_start.py) phrase every message, including the description of a failure.
 */
"use strict";

// Failures we can name get a sentence a reader of the page understands.
class PlainError extends Error {}

function post(message) {
  self.postMessage(message);
}

// The worker's sentences in the page's language (calc/text_start.py): the page sends them with
// "start" (or, for a worker calc-early.js started, in a later "words" message), since the worker
// has no page to read them from. {name} is filled as plain text; a key without words stays a key.
let words = {};

function say(key, values) {
  // No words yet (a worker calc-early.js started fails before the page sent them): the key and
  // values travel marked, and the page words them (calc-client.js, worded()).
  if (typeof words[key] !== "string") return "\u0001" + JSON.stringify([key, values || {}]);
  const text = words[key];
  return text.replace(/\{([a-z_]+)\}/g, (all, name) =>
    values && values[name] !== undefined && values[name] !== null ? String(values[name]) : all);
}

// Download progress: bytes of the prefetched files received so far, counted on a copy of each
// response (the response itself reaches Pyodide untouched, so the browser can still use its
// compiled-wasm cache).
const PROGRESS_INTERVAL_MS = 100;
const downloads = { stage: "settings", detail: "", received: 0, total: null, postedAt: 0, timer: null };

function progress(stage, detail) {
  downloads.stage = stage;
  downloads.detail = detail;
  postProgress();
}

function postProgress() {
  clearTimeout(downloads.timer);
  downloads.timer = null;
  downloads.postedAt = Date.now();
  post({
    type: "progress",
    stage: downloads.stage,
    detail: downloads.detail,
    received: downloads.received,
    total: downloads.total,
  });
}

function countBytes(bytes) {
  downloads.received += bytes;
  if (downloads.timer !== null) return;
  const wait = PROGRESS_INTERVAL_MS - (Date.now() - downloads.postedAt);
  if (wait <= 0) postProgress();
  else downloads.timer = setTimeout(postProgress, wait);
}

async function countResponse(response) {
  if (!response.ok || !response.body || typeof response.clone !== "function") return;
  const reader = response.clone().body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    countBytes(value.byteLength);
  }
}

// The runtime's WebAssembly file (pyodide.asm.wasm), whatever its query or fragment.
function isWasm(url) {
  return /\.wasm$/i.test(String(url).split(/[?#]/)[0]);
}

function fileName(url) {
  return String(url).split(/[?#]/)[0].split("/").pop();
}

// The first runtime file the server did not deliver: {name, status}; status 0 = no answer.
// Pyodide's own messages for these cases are obscure ("not valid JSON", "exit(1)").
let failedDownload = null;

function downloadProblem() {
  if (!failedDownload) return null;
  const { name, status } = failedDownload;
  return status
    ? say("download_http", { name: name, status: status })
    : say("download_failed", { name: name });
}

// Every download of the worker passes here. Failures are remembered (see above). Pyodide
// 0.29.5 compiles pyodide.asm.wasm with WebAssembly.instantiateStreaming, which refuses a
// response not typed application/wasm, and then only logs a warning and never finishes; so a
// .wasm response of another type is reported to the page (the site's server should be fixed)
// and re-labelled, and the calculator still starts. Checking the real response costs no extra
// request.
const nativeFetch = self.fetch.bind(self);

// Responses requested ahead of Pyodide (see prefetch): absolute URL -> Promise<Response>,
// each handed out once, to the first fetch() of the same URL.
const prefetched = new Map();

function absolute(url) {
  return new URL(String(url), self.location.href).href;
}

function prefetch(urls) {
  for (const url of urls) {
    const key = absolute(url);
    if (prefetched.has(key)) continue;
    const pending = checkedFetch(key);
    pending.then(countResponse).catch(() => {}); // failures: reported when Pyodide asks for it
    prefetched.set(key, pending);
    if (isWasm(key)) compileEarly(pending);
  }
}

// The runtime's WebAssembly (pyodide.asm.wasm) is compiled as soon as its download starts, not
// when Pyodide's start-up reaches it: Pyodide first loads pyodide.asm.js (and, on a snapshot
// start, waits for the snapshot's bytes), and only then compiles. Started here, the compile
// (from the browser's compiled-code cache on later visits) runs meanwhile. Measured in Chromium:
// without a service worker, the first result some 45 ms sooner on a snapshot start and some
// 100 ms on a first visit; on the site's page, whose service worker delivers the file, no
// difference beyond noise (issue 14's note, session 4). Pyodide's own
// WebAssembly.instantiateStreaming call (below) then gets this module; its fetch() of the file
// gets the same response, already read by the compile, which it only passes on to that call.
let earlyWasm = null;

function compileEarly(pending) {
  if (typeof WebAssembly.compileStreaming !== "function") return;
  earlyWasm = WebAssembly.compileStreaming(pending);
  earlyWasm.catch(() => {}); // reported when Pyodide instantiates it (see below)
}

self.fetch = function (input, init) {
  const url = input instanceof Request ? input.url : String(input);
  const key = absolute(url);
  if (prefetched.has(key) && !(init && init.integrity)) {
    const pending = prefetched.get(key);
    prefetched.delete(key);
    return pending;
  }
  return checkedFetch(input, init);
};

async function checkedFetch(input, init) {
  const url = input instanceof Request ? input.url : String(input);
  let response;
  try {
    response = await nativeFetch(input, init);
  } catch (error) {
    failedDownload = failedDownload || { name: fileName(url), status: 0 };
    throw error;
  }
  if (!response.ok) {
    failedDownload = failedDownload || { name: fileName(url), status: response.status };
    return response;
  }
  if (!isWasm(url)) return response;
  const type = (response.headers.get("Content-Type") || "").split(";")[0].trim().toLowerCase();
  if (type === "application/wasm") return response;
  const message = say("wasm_type", { name: fileName(url), type: type || say("no_type") });
  console.warn(message);
  post({ type: "warning", message: message });
  const headers = new Headers(response.headers);
  headers.set("Content-Type", "application/wasm");
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: headers,
  });
}

// Pyodide swallows a failed WebAssembly start-up (see above); this makes it an error.
// One promise per start attempt (a refused snapshot is followed by a normal start).
let rejectWasm;
let wasmFailed;
function watchWasm() {
  wasmFailed = new Promise((resolve, reject) => {
    rejectWasm = reject;
  });
  wasmFailed.catch(() => {}); // only ever awaited through Promise.race below
  return wasmFailed;
}
watchWasm();
const nativeInstantiateStreaming = WebAssembly.instantiateStreaming;
if (nativeInstantiateStreaming) {
  WebAssembly.instantiateStreaming = function (source, imports) {
    // The first call instantiates the module compiled early (see compileEarly); a later start
    // attempt (a refused snapshot) compiles again from Pyodide's own new download.
    const compiled = earlyWasm;
    earlyWasm = null;
    const pending = compiled
      ? compiled.then((module) => WebAssembly.instantiate(module, imports)
        .then((instance) => ({ module: module, instance: instance })))
      : nativeInstantiateStreaming.call(WebAssembly, source, imports);
    pending.catch((error) =>
      rejectWasm(
        new PlainError(
          downloadProblem() || say("wasm_failed", { error: error.message })
        )
      )
    );
    return pending;
  };
}

// A Python error (Pyodide's PythonError has a "type") carries a whole traceback whose last line
// says what went wrong; other errors say it on their first line.
function summary(error) {
  const lines = String((error && error.message) || error).trim().split("\n");
  return typeof (error && error.type) === "string" ? lines[lines.length - 1] : lines[0];
}

function describe(error) {
  if (error instanceof PlainError) return error.message;
  const problem = downloadProblem();
  if (problem) return problem;
  return say("start_failed", { error: summary(error) });
}
