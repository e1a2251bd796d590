// Renders the first table of a Markdown file, under the file's first heading, as a plain HTML table
// in headless Chromium and writes a PNG of it (deploy/local/check.sh: the scale-out check's results
// for the guides). No request leaves the page. A file with no table, or a browser that does not
// start, is an error: the message is printed and the exit code is 1.
// Usage: node table-image.mjs MARKDOWN_FILE PNG
// CHROMIUM names the browser (else /usr/bin/chromium), as for docs-pages.mjs.
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const [markdownPath, pngPath] = process.argv.slice(2);

function fail(message) {
  console.error(`table-image: ${message}`);
  process.exit(1);
}

if (!markdownPath || !pngPath) fail("usage: node table-image.mjs MARKDOWN_FILE PNG");

const lines = readFileSync(markdownPath, "utf8").split(/\r?\n/);
const heading = lines.find((line) => /^#{1,6}\s/.test(line))?.replace(/^#+\s+/, "").trim() ?? "";

/** The cells of a table row: split on the pipes that are not escaped, each trimmed. */
function cells(line) {
  const inner = line.trim().replace(/^\|/, "").replace(/(?<!\\)\|$/, "");
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, "|"));
}

// The first table: a header row, the delimiter row (---, :---, ---:, :---:), and the rows that follow.
const start = lines.findIndex((line, i) => line.trim().startsWith("|")
  && /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(lines[i + 1]?.trim() ?? ""));
if (start < 0) fail(`${markdownPath} holds no Markdown table`);
const header = cells(lines[start]);
const aligns = cells(lines[start + 1]).map((spec) => (spec.startsWith(":") && spec.endsWith(":") ? "center" : spec.endsWith(":") ? "right" : "left"));
const rows = [];
for (let i = start + 2; i < lines.length && lines[i].trim().startsWith("|"); i++) rows.push(cells(lines[i]));
if (rows.length === 0) fail(`${markdownPath}: the table has no rows`);

const escape = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
// Inline Markdown the cells may hold: `code` and **bold**. A line breaks neither inside "200: 1404"
// nor between a number and its unit ("2 s").
const inline = (text) => escape(text)
  .replace(/`([^`]+)`/g, "<code>$1</code>")
  .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
  .replace(/: (?=\d)/g, ":&nbsp;")
  .replace(/(\d) (?=(ms|s|KB|MB)\b)/g, "$1&nbsp;");
const cell = (tag, text, i) => {
  const verdict = /^(pass|FAIL)$/.test(text) ? ` class="${text.toLowerCase()}"` : "";
  return `<${tag} style="text-align:${aligns[i] ?? "left"}"${verdict}>${inline(text)}</${tag}>`;
};

const html = `<!doctype html>
<html><head><meta charset="utf-8"><style>
  html, body { margin: 0; background: #fff; }
  body { font: 13px/1.4 "Segoe UI", "Helvetica Neue", "Liberation Sans", Arial, sans-serif; color: #1f2328; }
  #frame { display: inline-block; padding: 16px 20px 20px; }
  h1 { font-size: 15px; font-weight: 600; margin: 0 0 10px; }
  table { border-collapse: collapse; max-width: 1240px; }
  th, td { border: 1px solid #d0d7de; padding: 6px 10px; vertical-align: top; }
  th { background: #f6f8fa; font-weight: 600; }
  td { font-variant-numeric: tabular-nums; }
  tbody tr:nth-child(even) td { background: #fbfcfd; }
  code { font: 12px "DejaVu Sans Mono", "Liberation Mono", monospace; }
  .pass { color: #1a7f37; font-weight: 600; }
  .fail { color: #cf222e; font-weight: 600; }
</style></head><body><div id="frame">
${heading ? `<h1>${inline(heading)}</h1>` : ""}
<table>
<thead><tr>${header.map((text, i) => cell("th", text, i)).join("")}</tr></thead>
<tbody>
${rows.map((row) => `<tr>${header.map((_, i) => cell("td", row[i] ?? "", i)).join("")}</tr>`).join("\n")}
</tbody>
</table>
</div></body></html>`;

try {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  });
  try {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 400 }, deviceScaleFactor: 1 });
    await tab.route("**/*", (route) => route.abort());
    await tab.setContent(html, { waitUntil: "load" });
    await tab.evaluate(() => document.fonts.ready);
    await tab.locator("#frame").screenshot({ path: pngPath, animations: "disabled" });
  } finally {
    await browser.close();
  }
} catch (error) {
  fail(`could not render ${markdownPath} to ${pngPath}: ${error.message.split("\n")[0]}`);
}
console.log(`table-image: ${pngPath} (${rows.length} rows of ${markdownPath})`);
