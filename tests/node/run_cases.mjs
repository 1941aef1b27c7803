// Boot the Pyodide runtime of a built site under Node (no browser) and answer calc.web requests.
//
// The files are the ones the browser gets: runtime.json names the versioned Pyodide folder,
// the compiled and cut standard library, the empty lock file and calc.zip (compiled calc and its knowledge base).
//
//   node run_cases.mjs --site SITE_DIR --requests REQUESTS.json --out RESULT.json
//                      [--stdlib ZIP] [--modules] [--import MODULE,MODULE...]
//
// REQUESTS.json is a list of request objects; RESULT.json receives
//   {pyodideVersion, bootMs, handleMs, responses: [{response} | {error}], modules?}
// --stdlib boots another standard library zip instead of the one runtime.json names;
// --modules also records sys.modules after the requests and after a Python traceback has
// been formatted (for scripts/record_stdlib_modules.py); --import names modules to import
// first, so that imports the requests did not reach are recorded too.

import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    site: { type: "string" },
    requests: { type: "string" },
    out: { type: "string" },
    stdlib: { type: "string" },
    modules: { type: "boolean", default: false },
    import: { type: "string", default: "" },
  },
});
for (const required of ["site", "requests", "out"]) {
  if (!args[required]) throw new Error(`missing --${required}`);
}

const site = path.resolve(args.site);
const runtime = JSON.parse(readFileSync(path.join(site, "assets/calc/runtime.json"), "utf8"));
// runtime.json holds URLs relative to the site root; on disk they are paths below it.
const onDisk = (url) => path.join(site, ...url.split("/"));
const indexDir = onDisk(runtime.indexURL) + path.sep;
const { loadPyodide } = createRequire(import.meta.url)(path.join(indexDir, "pyodide.js"));

const output = [];
const started = performance.now();
const pyodide = await loadPyodide({
  indexURL: indexDir,
  stdLibURL: args.stdlib ? path.resolve(args.stdlib) : onDisk(runtime.stdLibURL),
  lockFileURL: onDisk(runtime.lockFileURL),
  stdout: (line) => output.push(line),
  stderr: (line) => output.push(line),
});
// As the browser's worker does: calc.zip goes on sys.path, imported in place.
pyodide.FS.writeFile("/lib/calc.zip", new Uint8Array(readFileSync(onDisk(runtime.calcURL))));
pyodide.runPython('import sys\nsys.path.insert(0, "/lib/calc.zip")');
const handle = pyodide.pyimport("calc.web").handle;
const bootMs = performance.now() - started;

const requests = JSON.parse(readFileSync(args.requests, "utf8"));
const handleStarted = performance.now();
const responses = requests.map((request) => {
  try {
    return { response: JSON.parse(handle(JSON.stringify(request))) };
  } catch (error) {
    return { error: String(error && error.message ? error.message : error) };
  }
});
const handleMs = performance.now() - handleStarted;

let modules;
if (args.modules) {
  for (const name of args.import.split(",").filter(Boolean)) pyodide.pyimport(name).destroy();
  try {
    pyodide.runPython("raise ValueError('probe: format a traceback as a failing request would')");
  } catch {
    // expected: the point is the modules that formatting the error imported
  }
  modules = pyodide.runPython("import sys; sorted(sys.modules)").toJs();
}

writeFileSync(
  args.out,
  JSON.stringify({ pyodideVersion: pyodide.version, bootMs, handleMs, responses, modules, output }),
);
