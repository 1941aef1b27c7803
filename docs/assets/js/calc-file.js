/* STC Guide offline copy: the calculator on pages opened from a folder (file://).
 *
 * Browsers refuse Web Workers, fetch() and import() on file:// pages, so calc-worker.js cannot
 * run there. The offline copy (build_tools/offline_copy.py) loads this script before
 * calculator.js; on a file:// page calculator.js calls window.__stcCalcFileWorker(siteRoot)
 * instead of new Worker(...). It returns an object with the part of the Worker interface the
 * page uses (postMessage, terminate, onmessage, onerror) and the same messages as
 * calc-worker.js, and boots Pyodide 0.29.5 on the page itself:
 *
 *   1. assets/calc/runtime-data.js, loaded with a <script> tag, sets window.__stcRuntimeData:
 *      runtime.json and the files Pyodide downloads (wasm, standard library, lock file, calc.zip)
 *      in base64;
 *   2. window.fetch is wrapped to answer exactly those URLs from memory;
 *   3. pyodide.asm.js and pyodide.js are loaded with <script> tags: 0.29.5's loadPyodide skips
 *      its import() of pyodide.asm.js when globalThis._createPyodideModule already exists;
 *   4. loadPyodide() and calc.web.handle, as in the worker.
 *
 * The copy's pages end in .html (no directory URLs): window.__stcOfflineCopy.pageURL turns the
 * engine's "entities/x/" into "entities/x.html" for calculator.js's links (also when the copy
 * is served over http). On file://, its assetURL gives the pattern drawings as data: URLs
 * (the calculator paints them as CSS masks, which are fetched with CORS).
 */
(function () {
  "use strict";

  if (window.__stcCalcFileWorker) return;

  var DATA_SCRIPT = "assets/calc/runtime-data.js";

  /** A sentence in the page's language (calc/text_start.py, read from the page by calc-base.js,
   *  which has loaded by the time the calculator starts). */
  function say(key, values) {
    var S = window.__stcCalcLib;
    return S && S.startSay ? S.startSay(key, values) : key;
  }

  var drawings = {};   // site path -> data: URL, from runtime-data.js

  window.__stcOfflineCopy = {
    pageURL: function (sitePath) {
      var path = String(sitePath);
      if (path === "" || path === "./") return "index.html";
      return /\/$/.test(path) ? path.slice(0, -1) + ".html" : path;
    },
    assetURL: function (sitePath) {
      return location.protocol === "file:" ? drawings[sitePath] || null : null;
    },
  };

  function PlainError(message) {
    this.message = message;
  }

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = function () { resolve(); };
      script.onerror = function () {
        reject(new PlainError(say("file_not_loaded", { name: url.split("/").pop() })));
      };
      document.head.appendChild(script);
    });
  }

  function decode(base64) {
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  /** Answer the embedded files' URLs from memory; everything else goes to the real fetch. */
  function wrapFetch(siteRoot, files) {
    var table = {};
    Object.keys(files).forEach(function (path) {
      table[new URL(path, siteRoot).href] = files[path];
    });
    var nativeFetch = window.fetch.bind(window);
    window.fetch = function (input, init) {
      var url = input instanceof Request ? input.url : new URL(String(input), location.href).href;
      var entry = table[url.split(/[?#]/)[0]];
      if (!entry) return nativeFetch(input, init);
      try {
        if (!entry.bytes) {
          entry.bytes = decode(entry.base64);
          entry.base64 = null;
        }
      } catch (error) {
        return Promise.reject(error);
      }
      return Promise.resolve(new Response(entry.bytes, {
        status: 200,
        headers: { "Content-Type": entry.type },
      }));
    };
  }

  var booting = null;   // one Python per page, even after "Try again"

  function boot(siteRoot, progress) {
    if (booting) return booting;
    booting = (async function () {
      progress("settings", say("file_stage_settings"));
      if (!window.__stcRuntimeData) await loadScript(new URL(DATA_SCRIPT, siteRoot).href);
      var data = window.__stcRuntimeData;
      if (!data || !data.settings || !data.files) {
        throw new PlainError(say("file_data_damaged", { name: DATA_SCRIPT }));
      }
      window.__stcRuntimeData = null;   // the decoded files are kept by the fetch wrapper only
      drawings = data.assets || {};
      var settings = data.settings;
      var url = function (key) { return new URL(settings[key], siteRoot).href; };
      wrapFetch(siteRoot, data.files);

      progress("runtime", say("file_stage_runtime", { version: settings.pyodideVersion }));
      if (typeof window._createPyodideModule !== "function") await loadScript(url("indexURL") + "pyodide.asm.js");
      if (typeof window.loadPyodide !== "function") await loadScript(url("indexURL") + "pyodide.js");
      var pyodide = await window.loadPyodide({
        indexURL: url("indexURL"),
        stdLibURL: url("stdLibURL"),
        lockFileURL: url("lockFileURL"),
      });
      progress("calculator", say("stage_calculator"));
      // calc.zip (compiled code and knowledge base) is imported in place from sys.path.
      var calcZip = await (await fetch(url("calcURL"))).arrayBuffer();
      pyodide.FS.writeFile("/lib/calc.zip", new Uint8Array(calcZip));
      pyodide.runPython('import sys\nsys.path.insert(0, "/lib/calc.zip")');
      return pyodide.pyimport("calc.web").handle;
    })();
    booting.catch(function () { booting = null; });
    return booting;
  }

  function summary(error) {
    var lines = String((error && error.message) || error).trim().split("\n");
    return typeof (error && error.type) === "string" ? lines[lines.length - 1] : lines[0];
  }

  function describe(error) {
    var why = error instanceof PlainError ? error.message : say("file_python_failed", { error: summary(error) });
    return say("file_failed", { why: why, how: say("file_how_else") });
  }

  function FileWorker(siteRoot) {
    var self = this;
    this.onmessage = null;
    this.onerror = null;
    this.onmessageerror = null;
    this.closed = false;
    this.ready = boot(siteRoot, function (stage, detail) {
      self.emit({ type: "progress", stage: stage, detail: detail });
    });
    this.ready.then(function () {
      self.emit({ type: "ready" });
    }, function (error) {
      console.warn(error);
      self.emit({ type: "error", message: describe(error) });
    });
  }

  FileWorker.prototype.emit = function (data) {
    var self = this;
    setTimeout(function () {
      if (!self.closed && self.onmessage) self.onmessage({ data: data });
    }, 0);
  };

  FileWorker.prototype.postMessage = function (data) {
    var self = this;
    if (!data || data.id === undefined) return;
    this.ready.then(function (handle) {
      var answer;
      try {
        answer = handle(JSON.stringify(data.request));
      } catch (error) {
        console.warn(error);
        self.emit({ type: "error", id: data.id, message: say("calculation_failed", { error: summary(error) }) });
        return;
      }
      self.emit({ id: data.id, response: JSON.parse(answer) });
    }, function (error) {
      self.emit({ type: "error", id: data.id, message: describe(error) });
    });
  };

  FileWorker.prototype.terminate = function () {
    this.closed = true;
  };

  window.__stcCalcFileWorker = function (siteRoot) {
    return new FileWorker(String(siteRoot));
  };

  // The offline copy has no service worker (nor sw-register.js): the place the calculator page
  // keeps for the "ready offline" line stays out (offline.css).
  document.documentElement.classList.add("stc-no-offline-line");
})();
