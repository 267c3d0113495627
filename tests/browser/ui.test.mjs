// Browser tests of the map UI in headless Chromium (Debian's `chromium`,
// driven by playwright-core). Run by tests/browser/run.sh, which builds the
// demo store, starts `faultline serve` on a free port and passes its URL in
// FAULTLINE_URL. Screenshots go to ARTIFACTS (default target/browser).
//
// Each step waits for what a user would see, and any console error, page
// error or failed request fails the run.
import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const base = process.env.FAULTLINE_URL;
if (!base) throw new Error("FAULTLINE_URL is not set (run tests/browser/run.sh)");
const artifacts = process.env.ARTIFACTS || "target/browser";
mkdirSync(artifacts, { recursive: true });
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";

// A fresh profile directory for every run (playwright passes it as
// --user-data-dir).
const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "faultline-chromium-")), {
  executablePath: chromiumPath,
  headless: true,
  acceptDownloads: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
  ],
});

const problems = [];
let passed = 0;

async function page(viewport) {
  const p = await browser.newPage();
  await p.setViewportSize(viewport);
  p.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error (${viewport.width}px): ${m.text()}`);
  });
  p.on("pageerror", (e) => problems.push(`page error (${viewport.width}px): ${e.message}`));
  p.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  p.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return p;
}

async function step(name, f) {
  const t0 = Date.now();
  try {
    await f();
    passed += 1;
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    problems.push(`${name}: ${e.message}`);
    console.log(`FAIL ${name}: ${e.message}`);
  }
}

function check(cond, msg) {
  if (!cond) throw new Error(msg);
}

// ------------------------------------------------------------ laptop

const p = await page({ width: 1366, height: 768 });

await step("first paint under 1 s and the map is drawn", async () => {
  const t0 = Date.now();
  await p.goto(base, { waitUntil: "load" });
  const paint = await p.evaluate(() => {
    const e = performance.getEntriesByName("first-contentful-paint")[0];
    return e ? e.startTime : null;
  });
  check(paint !== null && paint < 1000, `first contentful paint ${paint} ms`);
  await p.waitForSelector("#map path.country[data-code=KAZ]", { timeout: 10000 });
  console.log(`     first contentful paint ${paint.toFixed(0)} ms, map in ${Date.now() - t0} ms`);
  await p.screenshot({ path: join(artifacts, "01-map.png") });
});

await step("the map is coloured by alignment for the latest month", async () => {
  await p.waitForFunction(() => /countries with events/.test(document.getElementById("map-status").textContent), null, {
    timeout: 10000,
  });
  const coloured = await p.$$eval("#map path.country", (ps) => ps.filter((x) => !x.getAttribute("fill").startsWith("var(")).length);
  check(coloured > 0, "no country is coloured");
});

await step("moving the slider changes the month and the colours", async () => {
  const before = await p.textContent("#month-label");
  const max = Number(await p.getAttribute("#month-slider, #month", "max"));
  check(max > 0, "the slider has one month only");
  await p.$eval("#month", (el) => {
    el.value = "0";
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await p.waitForFunction((b) => document.getElementById("month-label").textContent !== b, before);
  const after = await p.textContent("#month-label");
  check(/^\d{4}-\d{2}$/.test(after), `month label ${after}`);
  // back to June 2022, the seed's month, if the store has it
  const idx = await p.$eval("#month", () => window.faultline.state.months.indexOf("2022-06"));
  await p.$eval(
    "#month",
    (el, i) => {
      el.value = String(i >= 0 ? i : Number(el.max));
      el.dispatchEvent(new Event("input", { bubbles: true }));
    },
    idx,
  );
  await p.waitForFunction(() => /countries with events/.test(document.getElementById("map-status").textContent));
  await p.screenshot({ path: join(artifacts, "02-slider.png") });
});

await step("clicking Kazakhstan shows its partners, timeline and changes", async () => {
  await p.click("#map path.country[data-code=KAZ]");
  await p.waitForSelector("#country-panel:not([hidden])");
  check((await p.textContent("#country-name")).includes("KAZ"), "panel is not Kazakhstan's");
  await p.waitForSelector("#partners li", { timeout: 10000 });
  const partners = await p.$$eval("#partners li", (ls) => ls.map((l) => l.dataset.code));
  check(partners.includes("RUS"), `Russia is not among Kazakhstan's partners: ${partners.join(" ")}`);
  await p.click("#partners li[data-code=RUS]");
  await p.waitForSelector("#timeline svg rect", { timeout: 10000 });
  await p.waitForFunction(() => document.querySelectorAll("#changes li").length > 0);
  await p.screenshot({ path: join(artifacts, "03-kazakhstan.png"), fullPage: true });
});

await step("clicking a timeline bar lists the events behind it", async () => {
  await p.click("#timeline svg rect >> nth=0");
  await p.waitForFunction(() => /–RUS|RUS–/.test(document.getElementById("events-caption").textContent));
  const rows = await p.$$eval("#events tbody tr", (r) => r.length);
  check(rows > 0, "no events listed for the bar");
});

await step("opening an event shows its sentence with source, verb and target marked", async () => {
  await p.click("#events tbody tr >> nth=0");
  await p.waitForSelector("#event-dialog[open] .sentence-text");
  const marks = await p.$$eval("#event-dialog .sentence-text mark", (ms) => ms.map((m) => m.className));
  check(marks.includes("verb"), `marks: ${marks.join(",")}`);
  const text = await p.textContent("#event-dialog .sentence-text");
  check(text.length > 20, "sentence missing");
  await p.screenshot({ path: join(artifacts, "04-event.png") });
  await p.click("#event-dialog .close");
});

await step("the event table filters by full-text search and downloads CSV", async () => {
  await p.fill("#filters input[name=q]", "oil");
  await p.click("#filters button[type=submit]");
  await p.waitForFunction(() => /q=oil/.test(document.getElementById("events-caption").textContent));
  const sentences = await p.$$eval("#events tbody td.sentence", (t) => t.map((x) => x.textContent.toLowerCase()));
  check(sentences.length > 0 && sentences.every((s) => s.includes("oil")), "search results without 'oil'");
  const [dl] = await Promise.all([p.waitForEvent("download"), p.click("#download-csv")]);
  const path = join(artifacts, "events.csv");
  await dl.saveAs(path);
  const { readFileSync } = await import("node:fs");
  const lines = readFileSync(path, "utf8").trim().split("\n");
  check(lines[0].startsWith("id,date,source,target,code"), `CSV header ${lines[0]}`);
  check(lines.length === sentences.length + 1, `CSV has ${lines.length - 1} rows, table ${sentences.length}`);
});

// ------------------------------------------------------------ phone

const phone = await page({ width: 390, height: 844 });
await step("phone width: the page fits and Kazakhstan opens", async () => {
  await phone.goto(base, { waitUntil: "load" });
  await phone.waitForSelector("#map path.country[data-code=KAZ]");
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, `page is ${overflow}px wider than the screen`);
  await phone.click("#map path.country[data-code=KAZ]", { force: true });
  await phone.waitForSelector("#partners li", { timeout: 10000 });
  await phone.screenshot({ path: join(artifacts, "05-phone.png"), fullPage: true });
});

await browser.close();
for (const x of problems) console.log(`problem: ${x}`);
console.log(`${passed} steps passed, ${problems.length} problems; screenshots in ${artifacts}`);
process.exit(problems.length ? 1 : 0);
