// Loads /docs and /redoc in headless Chromium and fails if either asks any host but the app's own,
// logs a console error, or does not show the API's title and every operation's summary (read from
// the OpenAPI document). Screenshots go to OUT_DIR.
// Usage: node docs-pages.mjs http://127.0.0.1:PORT OPENAPI_JSON OUT_DIR
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const [base, documentPath, outDir] = process.argv.slice(2);
const document = JSON.parse(readFileSync(documentPath, "utf8"));
const title = document.info.title;
const operations = Object.values(document.paths).flatMap((path) => Object.values(path).map((operation) => operation.summary));
const origin = new URL(base).origin;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});
const failures = [];
for (const page of ["/docs", "/redoc"]) {
  const tab = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  tab.on("request", (request) => {
    const url = new URL(request.url());
    if (!["data:", "blob:"].includes(url.protocol) && url.origin !== origin) failures.push(`${page}: requested ${request.url()}`);
  });
  tab.on("console", (message) => {
    if (message.type() === "error") failures.push(`${page}: console error: ${message.text()}`);
  });
  tab.on("pageerror", (error) => failures.push(`${page}: page error: ${error.message}`));
  await tab.goto(base + page, { waitUntil: "networkidle" });
  try {
    await tab.waitForFunction(
      (texts) => texts.every((text) => document.body.innerText.includes(text)),
      [title, ...operations],
      { timeout: 20000 },
    );
  } catch {
    failures.push(`${page}: the page does not show "${title}" and every operation (${operations.join(", ")})`);
  }
  await tab.screenshot({ path: `${outDir}/docs-${page.slice(1)}.png`, fullPage: false });
  await tab.close();
}
await browser.close();
if (failures.length > 0) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log(`docs pages: /docs and /redoc show the API and ${operations.length} operations, with no outside request and no console error`);
