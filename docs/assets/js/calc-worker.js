/* STC Guide calculator worker: a classic Web Worker (new Worker(url), no { type: "module" }).
 *
 * It boots Pyodide 0.29.5 off the main thread, from the files that ../calc/runtime.json names
 * (written by build_tools/runtime.py), and answers calculator requests through
 * calc.web.handle: a JSON string in, a JSON string out.
 *
 * Messages to the page:
 *   {type: "progress", stage, detail, received, total}
 *                                       stage: "settings", "runtime", "calculator"; received:
 *                                       bytes of the runtime downloaded so far, total: the bytes
 *                                       expected (runtime.json's downloadBytes) or null; sent at
 *                                       each stage and at most every 100 ms while bytes arrive
 *   {type: "warning", message}          something the site should fix; the calculator still works
 *   {type: "ready", snapshot}          snapshot: true when Python was restored from the memory
 *                                       snapshot (see "Snapshot" below), false after a full start
 *   {type: "error", message}            start-up failed; every later request gets the same error
 *   {type: "error", id, message}        one request failed
 *   {id, response}                      the answer to {id, request}, as an object
 * Messages from the page:
 *   {type: "start", settings, words}    first: starts the boot. settings = runtime.json's content
 *                                       as the calculator page carries it, or null (the worker
 *                                       then downloads runtime.json itself); words = the page's
 *                                       start-up sentences (calc/text_start.py), which the
 *                                       worker's messages to the page are written in
 *   {type: "words", words}              the same words later (a worker calc-early.js started)
 *   {id, request}                       e.g. {id: 7, request: {action: "compute", state: {...}}}
 * Requests sent before "ready" wait for the start-up to finish (a request before "start" starts
 * the boot without settings).
 *
 * Downloads, progress and the wording of failures: calc-worker-net.js, loaded first (its
 * prefetch() requests every file the boot needs at once, side by side with pyodide.js).
 * calc.zip (the calculator's compiled code and knowledge base, made by build_tools/calczip.py)
 * is not installed as a package: it is written into Pyodide's file system and put on sys.path,
 * and Python imports from it in place.
 *
 * Snapshot: runtime.json may name a memory snapshot of this Pyodide with calc.web imported and
 * one result computed (made under Node at build time, build_tools/make_snapshot.mjs; about
 * 21 MB, served gzipped, about 4.4 MB). It is never on a first start's path: a moment after the
 * worker's first answer (the page draws it meanwhile), or KEEP_WAIT_MS after "ready", the worker
 * downloads it in the background, unpacks it (DecompressionStream; a host that already unpacked
 * it is fine too), checks its SHA-256 and keeps it, marked as checked, in its own Cache Storage
 * cache (SNAPSHOT_CACHE; the site's service worker does not handle it). Later starts restore
 * it (loadPyodide's internal _loadSnapshot option, hence the exact version pin) instead of
 * starting Python; the kept copy is looked up first, and read and checked while pyodide.js and
 * pyodide.asm.js load. A missing, damaged or refused snapshot only costs a normal start: the
 * problem goes to the console, the entry is dropped, and Python starts from scratch.
 */
"use strict";

const RUNTIME_JSON_URL = new URL("../calc/runtime.json", self.location.href);
const SITE_ROOT_URL = new URL("../../", RUNTIME_JSON_URL); // runtime.json URLs are site-relative
const CALC_ZIP_PATH = "/lib/calc.zip"; // in Pyodide's file system, put on sys.path
const SNAPSHOT_CACHE = "stc-guide-snapshot:" + SITE_ROOT_URL.pathname;
const KEPT_SHA256_HEADER = "X-STC-Checked-SHA256"; // on the kept snapshot: checked when kept
const KEPT_LENGTH_HEADER = "X-STC-Checked-Length";
// Downloads, progress, the page's words and failures (prefetch, say, progress, describe, ...).
// Without it nothing can be said in the page's language: the key travels, and the page words it.
try {
  importScripts(new URL("calc-worker-net.js", self.location.href).href);
} catch (error) {
  self.postMessage({ type: "error", message: "\u0001" + JSON.stringify(["download_failed", { name: "calc-worker-net.js" }]) });
  throw error;
}

// The kept snapshot is looked up as soon as this script runs, before the page's "start" names
// it (a Cache Storage lookup takes some 50 ms): see lookUpKept.
const keptEarly = lookUpKept();


const SETTING_KEYS = ["indexURL", "stdLibURL", "lockFileURL", "calcURL", "pyodideVersion"];

function usable(settings) {
  return Boolean(settings) && typeof settings === "object" &&
    SETTING_KEYS.every((key) => typeof settings[key] === "string" && settings[key] !== "");
}

// The page's copy of runtime.json saves a download; without one (or a damaged one), fetch it.
async function readSettings(given) {
  let settings = given;
  if (!usable(settings)) {
    const response = await fetch(RUNTIME_JSON_URL, { cache: "no-cache" });
    if (!response.ok) throw new Error(`runtime.json: HTTP ${response.status}`); // see describe()
    settings = await response.json();
  }
  const url = (key) => new URL(settings[key], SITE_ROOT_URL).href;
  return {
    indexURL: url("indexURL"),
    stdLibURL: url("stdLibURL"),
    lockFileURL: url("lockFileURL"),
    calcURL: url("calcURL"),
    version: settings.pyodideVersion,
    snapshotURL: typeof settings.snapshotURL === "string" ? url("snapshotURL") : null,
    snapshotSHA256: typeof settings.snapshotSHA256 === "string" ? settings.snapshotSHA256 : null,
    downloadBytes: typeof settings.downloadBytes === "number" ? settings.downloadBytes : null,
  };
}

async function boot(given) {
  progress("settings", say("stage_settings"));
  const settings = await readSettings(given);
  downloads.total = settings.downloadBytes;
  // The kept snapshot is read first (its read is the longest step of a snapshot start), side
  // by side with the downloads and pyodide.js (importScripts blocks this thread meanwhile).
  const found = findSnapshot(settings).then((kept) => {
    if (!kept) return null;
    const bytes = readSnapshot(settings, kept);
    bytes.catch(() => {}); // reported through loadPyodide below
    return { bytes: bytes };
  });
  prefetch([
    settings.indexURL + "pyodide.asm.wasm",
    settings.stdLibURL,
    settings.lockFileURL,
    settings.calcURL,
  ]);
  const calcZip = fetch(settings.calcURL).then((response) => {
    if (!response.ok) throw new Error(`calc.zip: HTTP ${response.status}`); // see describe()
    return response.arrayBuffer();
  });
  calcZip.catch(() => {}); // awaited below, after the runtime has started

  progress("runtime", say("stage_runtime", { version: settings.version }));
  try {
    importScripts(settings.indexURL + "pyodide.js");
  } catch (error) {
    throw new PlainError(say("pyodide_missing"));
  }
  const options = {
    indexURL: settings.indexURL,
    stdLibURL: settings.stdLibURL,
    lockFileURL: settings.lockFileURL,
  };
  const snapshot = await found;
  if (snapshot) {
    try {
      const pyodide = await Promise.race([
        self.loadPyodide(Object.assign({}, options, {
          // A promise: Pyodide loads pyodide.asm.js while the bytes are still being read.
          _loadSnapshot: snapshot.bytes,
          // The snapshot's sys.path already holds calc.zip; the file must be back in place.
          fsInit: async (FS) => FS.writeFile(CALC_ZIP_PATH, new Uint8Array(await calcZip)),
        })),
        watchWasm(),
      ]);
      progress("calculator", say("stage_calculator"));
      // The snapshot was made with fixed entropy (reproducible build): reseed Python's random.
      pyodide.runPython("import sys\nif 'random' in sys.modules: sys.modules['random'].seed()");
      const handle = pyodide.pyimport("calc.web").handle;
      return { handle: handle, snapshot: true };
    } catch (error) {
      if (failedDownload) throw new PlainError(downloadProblem());
      console.error("The calculator's memory snapshot could not be restored; starting normally.", error);
      dropSnapshot();
    }
  }
  const pyodide = await Promise.race([self.loadPyodide(options), watchWasm()]);

  progress("calculator", say("stage_calculator"));
  pyodide.FS.writeFile(CALC_ZIP_PATH, new Uint8Array(await calcZip));
  pyodide.runPython(`import sys\nsys.path.insert(0, "${CALC_ZIP_PATH}")`);
  // Kept for the worker's lifetime (handle is borrowed from the module proxy); called with
  // strings only, so no proxy is ever created per request.
  const web = pyodide.pyimport("calc.web");
  return { handle: web.handle, snapshot: false, settings: settings };
}

// ------------------------------------------------------------------------------ snapshot

function snapshotCache() {
  return self.caches ? self.caches.open(SNAPSHOT_CACHE) : Promise.reject(new Error("no Cache Storage"));
}

async function sha256Hex(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// What the snapshot cache holds: {url, response} of its one entry (keepSnapshot keeps one),
// {url: null, response: null} when it is empty, or null when the lookup failed or found more
// (findSnapshot then looks up this build's URL itself, and reports a failure).
function lookUpKept() {
  if (!self.caches) return Promise.resolve(null);
  const lookup = snapshotCache().then(async (cache) => {
    const keys = await cache.keys();
    if (keys.length === 0) return { url: null, response: null };
    if (keys.length !== 1) return null;
    const response = await cache.match(keys[0]);
    return response ? { url: keys[0].url, response: response } : null;
  });
  return lookup.catch(() => null);
}

// The kept snapshot of this build (a Response), or null (none kept yet, no Cache Storage).
async function findSnapshot(settings) {
  if (!settings.snapshotURL || !settings.snapshotSHA256 || !self.caches || !self.crypto || !crypto.subtle) {
    return null;
  }
  const early = await keptEarly;
  if (early) return early.url === settings.snapshotURL ? early.response : null;
  try {
    const cache = await snapshotCache();
    return (await cache.match(settings.snapshotURL)) || null;
  } catch (error) {
    console.error("The calculator's memory snapshot could not be read; starting normally.", error);
    return null;
  }
}

// Its bytes once checked against runtime.json's SHA-256 (a promise, handed to Pyodide, which
// loads pyodide.asm.js meanwhile); rejects when damaged: boot() then drops the snapshot and
// starts normally. Pyodide never gets unchecked bytes.
async function readSnapshot(settings, kept) {
  const buffer = await kept.arrayBuffer();
  // A copy this worker checked when it kept it says so (KEPT_SHA256_HEADER); its hash is not
  // computed again at each start (some 30 ms of a 500 ms start). Any other copy is checked.
  const checkedWhenKept = kept.headers.get(KEPT_SHA256_HEADER) === settings.snapshotSHA256 &&
    buffer.byteLength === Number(kept.headers.get(KEPT_LENGTH_HEADER));
  if (!checkedWhenKept && (await sha256Hex(buffer)) !== settings.snapshotSHA256) {
    throw new Error("The calculator's kept memory snapshot is damaged (SHA-256 mismatch).");
  }
  return new Uint8Array(buffer);
}

function dropSnapshot() {
  if (self.caches) self.caches.delete(SNAPSHOT_CACHE).catch(() => {});
}

// After a normal start: download this build's snapshot in the background, check it and keep it
// (only it: snapshots of older builds are dropped) for the next start.
async function keepSnapshot(settings) {
  if (!settings.snapshotURL || !settings.snapshotSHA256 || !self.caches || !self.crypto ||
      !crypto.subtle || typeof DecompressionStream !== "function") {
    return;
  }
  const cache = await snapshotCache();
  for (const request of await cache.keys()) {
    if (request.url !== settings.snapshotURL) await cache.delete(request);
  }
  if (await cache.match(settings.snapshotURL)) return;
  const response = await nativeFetch(settings.snapshotURL);
  if (!response.ok) throw new Error(`${fileName(settings.snapshotURL)}: HTTP ${response.status}`);
  let bytes = await response.arrayBuffer();
  const head = new Uint8Array(bytes, 0, Math.min(2, bytes.byteLength));
  if (head[0] === 0x1f && head[1] === 0x8b) { // gzip, as built (unless the host unpacked it)
    const unpacked = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    bytes = await new Response(unpacked).arrayBuffer();
  }
  if ((await sha256Hex(bytes)) !== settings.snapshotSHA256) {
    throw new Error(`${fileName(settings.snapshotURL)} does not match runtime.json's SHA-256`);
  }
  await cache.put(settings.snapshotURL, new Response(bytes, {
    headers: {
      "Content-Type": "application/octet-stream",
      [KEPT_SHA256_HEADER]: settings.snapshotSHA256,
      [KEPT_LENGTH_HEADER]: String(bytes.byteLength),
    },
  }));
}


let booting = null;

// The snapshot's download (5 MB) waits until the page has its first answer (or a moment), so
// that it does not share the connection and the CPU with that answer.
const KEEP_WAIT_MS = 3000;
const KEEP_AFTER_ANSWER_MS = 250; // the page draws the answer meanwhile
let keepPending = null;

function keepLater(settings) {
  let timer = null;
  keepPending = () => {
    if (keepPending === null) return; // already on its way
    keepPending = null;
    clearTimeout(timer);
    keepSnapshot(settings).catch((error) =>
      // A warning, not an error: offline, or a page left early, this is expected.
      console.warn("The calculator's memory snapshot was not kept (later starts stay normal).", error)
    );
  };
  timer = setTimeout(keepPending, KEEP_WAIT_MS);
}

function start(settings) {
  if (booting) return booting;
  const started = boot(settings);
  booting = started.then((result) => result.handle);
  booting.catch(() => {}); // reported below; requests get the error through their own then()
  started.then(
    (result) => {
      post({ type: "ready", snapshot: result.snapshot });
      if (result.settings) keepLater(result.settings);
    },
    (error) => {
      console.error(error);
      post({ type: "error", message: describe(error) });
    }
  );
  return booting;
}

self.onmessage = (event) => {
  const data = event.data || {};
  if (data.words && typeof data.words === "object") words = data.words; // "start" or "words"
  if (data.type === "words") return;
  if (data.type === "start") {
    start(data.settings);
    return;
  }
  if (data.id === undefined) return;
  start(null).then(
    (handle) => {
      let answer;
      try {
        answer = handle(JSON.stringify(data.request));
      } catch (error) {
        console.error(error);
        post({ type: "error", id: data.id, message: say("calculation_failed", { error: summary(error) }) });
        return;
      }
      post({ id: data.id, response: JSON.parse(answer) });
      if (keepPending) setTimeout(keepPending, KEEP_AFTER_ANSWER_MS);
    },
    (error) => post({ type: "error", id: data.id, message: describe(error) })
  );
};
