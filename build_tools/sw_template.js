/* STC Guide service worker: the body of sw.js. build_tools/offline.py writes sw.js at the
 * site root as a header, one line `const SETTINGS = {...};` listing this build's files, and
 * this file. Every URL is relative to the worker's scope, so the site works under any path.
 *
 * - install of an update: download every page, the search index and the theme's and site's
 *   assets into one cache named after the build (a hash of the content of all its files), each
 *   checked against its SHA-256 (a deploy that lands halfway through an install makes it fail;
 *   the browser tries again later). The Pyodide runtime, the standard library, the calculator's
 *   calc.zip and runtime.json are not downloaded here: they are large, and the calculator's
 *   worker downloads them anyway.
 * - install of the first version on a device: take control at once, so that the calculator's
 *   first downloads (the page waits a moment for this worker) already pass through it; the
 *   page then asks for the same downloads ("precache" message, once the page has loaded).
 * - fetch: pages and assets come from this build's cache only ("x/" is "x/index.html").
 *   Runtime files come from the cache too; the first time the calculator's worker asks for
 *   one, it is downloaded, checked against this build's hash and put into the same cache.
 *   So one visit to any page and one to the calculator make the whole guide work offline.
 *   The wasm and Pyodide's JavaScript are downloaded as their gzip copies beside them
 *   (SETTINGS.gzipCopies) and unpacked here: a host that does not compress them then sends
 *   2.8 MB instead of 8.6 MB and 0.2 MB instead of 1.1 MB (build_tools/runtime.py).
 * - activate: delete the caches of older builds of this site, then take control. A new build
 *   waits until the reader accepts the page's "new version" notice (message "skip-waiting")
 *   or closes every tab of the site: a page never mixes files of two builds.
 * - message "precache": download whatever of the precache list is missing (after a first
 *   install, or if the browser evicted entries).
 * - message "offline-status" (with a MessagePort): which runtime files are cached; with
 *   {complete: true}, first cache the missing pages and runtime files (the browser's HTTP
 *   cache usually still has the runtime: the calculator started before this worker was in
 *   control, e.g. when a page was reloaded bypassing the worker).
 */

const CACHE_PREFIX = "stc-guide:" + new URL(self.registration.scope).pathname + ":";
const CACHE = CACHE_PREFIX + SETTINGS.version;
const SCOPE = new URL(self.registration.scope);
const PRECACHE = new Map(Object.entries(SETTINGS.precache)); // site path -> "sha256-..."
const RUNTIME = new Map(Object.entries(SETTINGS.runtime)); // site path -> "sha256-..."
const CHECK_FIRST = new Set(SETTINGS.checkFirst); // runtime files whose name is not versioned
const UNCHECKED = new Set(SETTINGS.unchecked); // hosts may rewrite these (sitemap.xml)
const GZIP_COPIES = new Map(Object.entries(SETTINGS.gzipCopies)); // path -> {path, type}
const PARALLEL_DOWNLOADS = 6;
const pendingPuts = new Set();

function urlOf(path) {
  return new URL(path, SCOPE).href;
}

/** What to download for a site path: pages by their directory URL ("x/index.html" -> "x/"). */
function downloadUrlOf(path) {
  if (path === "index.html") return SCOPE.href;
  return urlOf(path.endsWith("/index.html") ? path.slice(0, -"index.html".length) : path);
}

/** The site path a URL asks for ("x/" -> "x/index.html"), or null outside the scope. */
function sitePath(url) {
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return null;
  let path;
  try {
    path = decodeURIComponent(url.pathname.slice(SCOPE.pathname.length));
  } catch (error) {
    return null;
  }
  if (path === "" || path.endsWith("/")) path += "index.html";
  return path;
}

async function sha256(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  let text = "";
  for (const byte of digest) text += String.fromCharCode(byte);
  return "sha256-" + btoa(text);
}

/** A response that can be cached and served for any request mode (not "redirected"). */
function storable(body, response) {
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

function track(promise) {
  pendingPuts.add(promise);
  promise.then(
    () => pendingPuts.delete(promise),
    () => pendingPuts.delete(promise)
  );
  return promise;
}

// ------------------------------------------------------------------------------ install

self.addEventListener("install", (event) => {
  if (!self.registration.active) {
    self.skipWaiting(); // the first version here: nothing to mix with
    return;
  }
  event.waitUntil(precache());
});

let precaching = null;

/** Download what is missing from the precache list (once at a time). */
function precache() {
  if (!precaching) {
    precaching = fillPrecache();
    precaching.then(
      () => (precaching = null),
      () => (precaching = null)
    );
  }
  return precaching;
}

async function fillPrecache() {
  const cache = await caches.open(CACHE);
  const present = new Set((await cache.keys()).map((request) => request.url));
  const queue = [...PRECACHE].filter(([path]) => !present.has(urlOf(path)));
  async function downloader() {
    while (queue.length) {
      const [path, integrity] = queue.shift();
      const request = new Request(downloadUrlOf(path), {
        cache: "no-cache",
        integrity: UNCHECKED.has(path) ? "" : integrity,
      });
      const response = await fetch(request);
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      await cache.put(urlOf(path), response.redirected ? storable(await response.blob(), response) : response);
    }
  }
  await Promise.all(Array.from({ length: PARALLEL_DOWNLOADS }, downloader));
}

// ------------------------------------------------------------------------------ activate

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(CACHE_PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })()
  );
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "skip-waiting") {
    self.skipWaiting();
  } else if (data.type === "precache") {
    event.waitUntil(precache().catch(() => {})); // tried again at the next page load
  } else if (data.type === "offline-status" && event.ports[0]) {
    event.waitUntil(
      offlineStatus(Boolean(data.complete)).then(
        (status) => event.ports[0].postMessage(status),
        (error) => event.ports[0].postMessage({ error: String((error && error.message) || error) })
      )
    );
  }
});

// ------------------------------------------------------------------------------ fetch

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || request.headers.has("range")) return;
  const url = new URL(request.url);
  const path = sitePath(url);
  if (path === null || isPagePrefetch(request, path)) return;
  if (PRECACHE.has(path)) {
    event.respondWith(fromCache(path, request));
  } else if (RUNTIME.has(path)) {
    event.respondWith(runtimeFile(path, request, event));
  } else if (request.mode === "navigate") {
    if (PRECACHE.has(path + "/index.html")) {
      event.respondWith(Response.redirect(urlOf(path + "/") + url.search + url.hash, 301));
    } else {
      event.respondWith(otherPage(request));
    }
  }
  // Anything else (the offline zip, source maps) goes to the network as without a worker.
});

/** A speculative download of a page: Firefox prefetches each page's <link rel="next"> once the
 *  page has loaded (Material's keyboard shortcuts need those links). It is the one request for a
 *  page with no destination in "no-cors" mode (the page's own fetches use "cors"; Firefox does
 *  not show the worker its "Sec-Purpose: prefetch" header). Left to the network, as without a
 *  worker: this worker already holds every page, so answering gains nothing, and Firefox cancels
 *  a prefetch when the reader moves on (or at once when the answer may not be stored), which,
 *  while the worker's answer is still being copied, it logs as an error of the page ("A
 *  ServiceWorker intercepted the request and encountered an unexpected error"). */
function isPagePrefetch(request, path) {
  return path.endsWith(".html") && request.mode === "no-cors" && request.destination === "";
}

async function fromCache(path, request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(urlOf(path));
  if (hit) return hit;
  try {
    return await fetch(request); // not cached yet (still installing) or evicted by the browser
  } catch (error) {
    // An aborted prefetch or a lost connection: answer instead of failing the interception
    // (Firefox reports a rejected respondWith as an error of the page).
    return (await cache.match(urlOf(path))) ||
      new Response("Not available offline yet.", { status: 503, headers: { "Content-Type": "text/plain" } });
  }
}

async function runtimeFile(path, request, event) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(urlOf(path));
  if (hit) return hit;
  const unpacked = await fromGzipCopy(path);
  if (unpacked) {
    if (path.endsWith(".wasm")) return await answerFromCache(path, unpacked, cache);
    event.waitUntil(track(cache.put(urlOf(path), unpacked.clone())));
    return unpacked;
  }
  const response = await fetch(request);
  if (!response.ok) return response;
  const expected = RUNTIME.get(path);
  if (CHECK_FIRST.has(path)) {
    // runtime.json names the other files: a newer build's copy must not reach this build's pages.
    const body = await response.arrayBuffer();
    if ((await sha256(body)) !== expected) return newerBuild(path);
    event.waitUntil(track(cache.put(urlOf(path), storable(body, response))));
    return storable(body, response);
  }
  if (path.endsWith(".wasm")) return await keptWasm(path, response, cache, expected);
  // Other versioned or content-hashed names: stream to the page, check the copy before caching it.
  const copy = response.clone();
  event.waitUntil(
    track(
      copy.arrayBuffer().then(async (body) => {
        if ((await sha256(body)) === expected) await cache.put(urlOf(path), storable(body, copy));
      })
    )
  );
  return response;
}

/** The wasm is checked and kept first, then answered from the cache: see answerFromCache. A
 *  copy that fails the check (a host that rewrites files) is passed on as it is, but not kept. */
async function keptWasm(path, response, cache, expected) {
  const body = await response.arrayBuffer();
  const checked = storable(body, response);
  if ((await sha256(body)) !== expected) return checked;
  return await answerFromCache(path, checked, cache);
}

/** Keep a checked wasm, then answer from the cache: the worker compiles it from a Cache Storage
 *  response, to which the browser attaches its compiled code, so the next visit starts from
 *  that code instead of compiling again (a response passed on from the network gets none). */
async function answerFromCache(path, response, cache) {
  try {
    await track(cache.put(urlOf(path), response.clone()));
    const kept = await cache.match(urlOf(path));
    if (kept) return kept;
  } catch (error) {
    // No room to keep it (storage quota): the calculator still works, only not offline.
  }
  return response;
}

/** A runtime file unpacked from its gzip copy and checked against this build's hash, or null
 *  when there is no copy or it cannot be used (no DecompressionStream, a failed download, a
 *  host that rewrote it): then the file itself is downloaded, as without a copy. A host that
 *  sends the copy with "Content-Encoding: gzip" has had it unpacked by the browser already. */
async function fromGzipCopy(path, cacheMode = "default") {
  const copy = GZIP_COPIES.get(path);
  if (!copy || typeof DecompressionStream === "undefined") return null;
  try {
    const response = await fetch(new Request(urlOf(copy.path), { cache: cacheMode }));
    if (!response.ok) return null;
    let body = await response.arrayBuffer();
    const head = new Uint8Array(body, 0, Math.min(2, body.byteLength));
    if (head[0] === 0x1f && head[1] === 0x8b) {
      body = await new Response(
        new Blob([body]).stream().pipeThrough(new DecompressionStream("gzip"))
      ).arrayBuffer();
    }
    if ((await sha256(body)) !== RUNTIME.get(path)) return null;
    return new Response(body, { status: 200, statusText: "OK", headers: { "Content-Type": copy.type } });
  } catch (error) {
    return null;
  }
}

function newerBuild(path) {
  self.registration.update().catch(() => {});
  return new Response(
    `The server has a newer version of STC Guide than this page (${path}). Reload the page.`,
    { status: 409, statusText: "Newer version on the server", headers: { "Content-Type": "text/plain" } }
  );
}

async function otherPage(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const cache = await caches.open(CACHE);
    const notFound = await cache.match(urlOf("404.html"));
    if (!notFound) throw error;
    return new Response(notFound.body, { status: 404, statusText: "Not Found", headers: notFound.headers });
  }
}

// ------------------------------------------------------------------------------ offline status

async function missingRuntime(cache) {
  const missing = [];
  for (const path of RUNTIME.keys()) {
    if (!(await cache.match(urlOf(path)))) missing.push(path);
  }
  return missing;
}

/** A runtime file's bytes from the server, or null if they are not this build's. */
async function checkedDownload(path, init) {
  const response = await fetch(new Request(urlOf(path), init));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  const body = await response.arrayBuffer();
  return (await sha256(body)) === RUNTIME.get(path) ? storable(body, response) : null;
}

async function cacheRuntimeFile(cache, path) {
  // First the copy the calculator's worker left in the HTTP cache, if any ("force-cache"; for a
  // file with a gzip copy only a copy already there: a download would miss the gzip copy).
  const attempts = GZIP_COPIES.has(path)
    ? [
        () => checkedDownload(path, { cache: "only-if-cached", mode: "same-origin" }).catch(() => null),
        () => fromGzipCopy(path, "no-cache"),
        () => checkedDownload(path, { cache: "no-cache" }),
      ]
    : [() => checkedDownload(path, { cache: "force-cache" }), () => checkedDownload(path, { cache: "no-cache" })];
  for (const attempt of attempts) {
    const checked = await attempt();
    if (checked) {
      await cache.put(urlOf(path), checked);
      return;
    }
  }
  self.registration.update().catch(() => {});
  throw new Error(`${path} on the server belongs to another version of the site`);
}

async function offlineStatus(complete) {
  await Promise.allSettled([...pendingPuts]);
  const cache = await caches.open(CACHE);
  if (complete) await precache();
  let missing = await missingRuntime(cache);
  if (complete && missing.length) {
    for (const path of missing) await cacheRuntimeFile(cache, path);
    missing = await missingRuntime(cache);
  }
  const present = new Set((await cache.keys()).map((request) => request.url));
  const pagesMissing = [...PRECACHE.keys()].filter((path) => !present.has(urlOf(path))).length;
  return {
    offline: true,
    version: SETTINGS.version,
    cache: CACHE,
    runtime: RUNTIME.size,
    missing: missing,
    pagesMissing: pagesMissing,
  };
}
