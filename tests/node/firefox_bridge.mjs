// Firefox for the Python tests: Debian's firefox-esr driven by puppeteer-core over WebDriver
// BiDi, answering one JSON command a line on stdin with one JSON answer a line on stdout.
//
// Why a bridge: the checks live in Python (tests/engines.py), shared with WebKit (Selenium);
// Firefox has no Selenium driver on Debian (no geckodriver package), puppeteer speaks BiDi to
// Firefox directly. Commands ({id, op, ...}):
//   goto {url}          navigate, wait for the load event
//   run {script}        run `script` as the body of an async function in the page; its value
//   errors              uncaught page errors and console errors seen so far (then cleared)
//   close               close Firefox and exit
// Answers: {id, ok: true, value} or {id, ok: false, error}.
import { createInterface } from "node:readline";
import puppeteer from "puppeteer-core";

const executablePath = process.argv[2] || "/usr/bin/firefox-esr";
const width = Number(process.argv[3] || 390);
const height = Number(process.argv[4] || 844);

const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath,
  headless: true,
  protocol: "webDriverBiDi",
  defaultViewport: { width, height, deviceScaleFactor: 2 },
});
const page = await browser.newPage();
const errors = [];
page.on("pageerror", (error) => errors.push(`pageerror: ${error && error.message ? error.message : error}`));
page.on("console", (message) => {
  if (message.type() === "error") errors.push(`console: ${message.text()}`);
});

function send(answer) {
  process.stdout.write(JSON.stringify(answer) + "\n");
}

async function handle(command) {
  switch (command.op) {
    case "goto":
      await page.goto(command.url, { waitUntil: "load", timeout: 60_000 });
      return null;
    case "run": {
      // eslint-disable-next-line no-new-func
      const value = await page.evaluate(`(async () => { ${command.script} })()`);
      return value === undefined ? null : value;
    }
    case "errors":
      return errors.splice(0);
    case "close":
      await browser.close();
      return null;
    default:
      throw new Error(`unknown op ${command.op}`);
  }
}

send({ id: 0, ok: true, value: await browser.version() });
const lines = createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on("line", (line) => {
  queue = queue.then(async () => {
    const command = JSON.parse(line);
    try {
      send({ id: command.id, ok: true, value: await handle(command) });
    } catch (error) {
      send({ id: command.id, ok: false, error: String(error && error.stack ? error.stack : error) });
    }
    if (command.op === "close") process.exit(0);
  });
});
lines.on("close", async () => {
  await queue;
  await browser.close().catch(() => {});
  process.exit(0);
});
