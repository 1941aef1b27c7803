// Run queries through the search worker of a built site, in Node, without a browser.
//
// The worker is Material's own production bundle (assets/javascripts/workers/search.*.min.js)
// with its lunr, tokenizer and query transform, fed the site's own search_index.json: what
// a reader's browser would rank, minus the page around it.
//
//   node search_query.mjs SITE_DIR < QUERIES.json > RESULTS.json
//
// QUERIES.json is a list of query strings. RESULTS.json maps each query to its result
// groups (one per page, best first): [{page, best, title, score}], where `page` is the
// page's location, `best` the location of its best-scoring document (a section anchor or
// the page itself) and `score` that document's score.

import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";

const SETUP = 0;
const QUERY = 2;
const RESULT = 3;

const site = process.argv[2];
if (!site) {
  console.error("usage: node search_query.mjs SITE_DIR < QUERIES.json");
  process.exit(2);
}

const workers = path.join(site, "assets", "javascripts", "workers");
const bundle = readdirSync(workers).find((name) => /^search\.[0-9a-f]+\.min\.js$/.test(name));
if (!bundle) {
  console.error(`no search worker bundle in ${workers}`);
  process.exit(2);
}
const index = JSON.parse(readFileSync(path.join(site, "search", "search_index.json"), "utf8"));
const queries = JSON.parse(readFileSync(0, "utf8"));

// The worker's global scope: `self`, message passing, importScripts for lunr languages.
const listeners = [];
const posted = [];
const scope = {
  console,
  setTimeout,
  clearTimeout,
  addEventListener: (type, fn) => {
    if (type === "message") listeners.push(fn);
  },
  postMessage: (message) => posted.push(message),
  importScripts: (...urls) => {
    for (const url of urls) {
      vm.runInContext(readFileSync(path.resolve(workers, url), "utf8"), context, { filename: url });
    }
  },
};
scope.self = scope;
const context = vm.createContext(scope);
vm.runInContext(readFileSync(path.join(workers, bundle), "utf8"), context, { filename: bundle });
if (listeners.length !== 1) {
  console.error(`expected the worker to register one message listener, got ${listeners.length}`);
  process.exit(1);
}

async function send(message) {
  posted.length = 0;
  await listeners[0]({ data: message });
  if (posted.length !== 1) throw new Error(`expected one reply, got ${posted.length}`);
  return posted[0];
}

const strip = (html) => String(html).replace(/<[^>]*>/g, "");

await send({ type: SETUP, data: { ...index, options: { suggest: false } } });
const results = {};
for (const query of queries) {
  const reply = await send({ type: QUERY, data: query });
  if (reply.type !== RESULT) throw new Error(`unexpected reply type ${reply.type}`);
  results[query] = reply.data.items.map((group) => {
    const best = group[0];
    return {
      page: best.location.split("#")[0],
      best: best.location,
      title: strip(best.title),
      score: best.score,
    };
  });
}
process.stdout.write(JSON.stringify(results, null, 1));
