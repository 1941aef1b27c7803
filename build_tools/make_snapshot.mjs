// Make the calculator's Pyodide memory snapshot under Node, at site build time.
//
//   node make_snapshot.mjs --index DIR --stdlib ZIP --lock JSON --calc ZIP --out FILE
//
// Boots the exact Pyodide files the site ships (DIR: the versioned runtime folder) with the
// site's compiled standard library and calc.zip, imports calc.web and answers one compute
// request (so that everything a first result needs is imported and initialised), then writes
// pyodide.makeMemorySnapshot() to FILE. The worker (docs/assets/js/calc-worker.js) restores it
// with loadPyodide({_loadSnapshot}) instead of starting Python from scratch.
//
// Why Node: a snapshot made under Node loads in browser workers, one made in a browser does
// not load under Node, and a snapshot only fits the exact wasm build that made it (Pyodide
// checks its BUILD_ID). _makeSnapshot/_loadSnapshot and makeMemorySnapshot are internal
// Pyodide APIs (0.26+), which is why the version is pinned exactly and the restore is tested
// end to end. calc.zip is written in fsInit, as the worker does, so that the restored
// interpreter finds it at the same path; sys.path already holds it in the snapshot.

import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    index: { type: "string" },
    stdlib: { type: "string" },
    lock: { type: "string" },
    calc: { type: "string" },
    out: { type: "string" },
  },
});
for (const required of ["index", "stdlib", "lock", "calc", "out"]) {
  if (!args[required]) throw new Error(`missing --${required}`);
}

// Reproducible bytes: the interpreter's entropy (libc's arc4random state, the seed of Python's
// random module) comes from crypto.getRandomValues, so it is a fixed sequence here; the string
// hash seed is fixed by PYTHONHASHSEED below. Every reader gets the same snapshot anyway, and
// the worker reseeds Python's random module after a restore.
let entropy = 0x2545f491;
function fixedRandomValues(array) {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  for (let i = 0; i < bytes.length; i++) {
    entropy = (Math.imul(entropy, 1103515245) + 12345) >>> 0;
    bytes[i] = entropy >>> 24;
  }
  return array;
}
Object.defineProperty(globalThis.crypto, "getRandomValues", { value: fixedRandomValues });
const nodeCrypto = createRequire(import.meta.url)("node:crypto");
nodeCrypto.randomFillSync = fixedRandomValues;
// Clocks: file times in Pyodide's file system and times that modules keep would differ from
// build to build; the build sees a clock that starts at 1980-01-01 and advances 1 µs per read.
let clockMs = 315532800000;
Date.now = () => (clockMs += 0.001);
const startMs = clockMs;
performance.now = () => (clockMs += 0.001) - startMs;

const CALC_ZIP_PATH = "/lib/calc.zip"; // as in calc-worker.js
const indexDir = path.resolve(args.index) + path.sep;
const { loadPyodide } = createRequire(import.meta.url)(path.join(indexDir, "pyodide.js"));
const calcZip = new Uint8Array(readFileSync(path.resolve(args.calc)));

const pyodide = await loadPyodide({
  indexURL: indexDir,
  stdLibURL: path.resolve(args.stdlib),
  lockFileURL: path.resolve(args.lock),
  env: { PYTHONHASHSEED: "0" },
  fsInit: async (FS) => {
    FS.writeFile(CALC_ZIP_PATH, calcZip);
  },
  _makeSnapshot: true,
});
pyodide.runPython(`import sys\nsys.path.insert(0, "${CALC_ZIP_PATH}")\nimport calc.web`);
const handle = pyodide.pyimport("calc.web").handle;
const answer = JSON.parse(handle(JSON.stringify({ action: "compute", state: { pattern: [] } })));
if (answer === null || typeof answer !== "object") throw new Error("calc.web answered no object");
handle.destroy();
const snapshot = pyodide.makeMemorySnapshot();
writeFileSync(path.resolve(args.out), snapshot);
console.log(`snapshot: ${snapshot.length} bytes`);
