// Loads /docs and /redoc in headless Chromium and fails if either asks any host but the app's own,
// logs a console error, or does not show the API's title and every operation's summary (read from
// the OpenAPI document). Then, when the app's served document declares a bearer security scheme,
// uses Swagger UI as a person would: registers a fresh account and logs in (over plain HTTP, for the
// token), opens /docs, runs a protected operation with "Try it out" / "Execute" and expects 401,
// enters the token through "Authorize", and expects the same call, and a protected create when there
// is one, to succeed (200/201) with the token sent. Needs the app's database for that part.
// Writes the documentation's pictures to OUT_DIR (docs/images/ takes them with DOCS_IMAGES_UPDATE=1,
// see check.sh): swagger-ui.png and redoc.png, the top of /docs and /redoc as a reader first sees
// them, and swagger-authorize.png, the Authorize dialog with the token pasted in (only with a bearer
// scheme). Every failure is printed and the exit code is 1 (and a failed Authorize step leaves
// swagger-authorize-failed.png, the page as it was).
// Usage: node docs-pages.mjs http://127.0.0.1:PORT OPENAPI_JSON OUT_DIR
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const [base, documentPath, outDir] = process.argv.slice(2);
const document = JSON.parse(readFileSync(documentPath, "utf8"));
const title = document.info.title;
const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const listed = Object.entries(document.paths).flatMap(([path, item]) =>
  methods.filter((method) => item[method]).map((method) => ({ name: `${method.toUpperCase()} ${path}`, summary: item[method].summary })));
const operations = listed.map((operation) => operation.summary).filter((summary) => typeof summary === "string" && summary !== "");
const origin = new URL(base).origin;
const failures = [];
for (const { name } of listed.filter((operation) => !operations.includes(operation.summary))) {
  failures.push(`${documentPath}: ${name} has no summary for the pages to show`);
}

// Fails the run on a request to another host, a page error, or a console error (but for the
// "Failed to load resource … 401" lines of calls that are meant to be refused, counted in allowed401).
function watch(tab, label, allowed401 = { count: 0 }) {
  tab.on("request", (request) => {
    const url = new URL(request.url());
    if (!["data:", "blob:"].includes(url.protocol) && url.origin !== origin) failures.push(`${label}: requested ${request.url()}`);
  });
  tab.on("console", (message) => {
    if (message.type() !== "error") return;
    if (allowed401.count > 0 && /status of 401\b/.test(message.text())) {
      allowed401.count -= 1;
      return;
    }
    failures.push(`${label}: console error: ${message.text()}`);
  });
  tab.on("pageerror", (error) => failures.push(`${label}: page error: ${error.message}`));
}

// The pictures: a laptop-sized window at one device pixel per CSS pixel, so that each PNG is modest.
const laptop = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };
const images = { "/docs": "swagger-ui.png", "/redoc": "redoc.png" };

/** The viewport as it is, from the top of the page, once its fonts are in. */
async function picture(tab, name) {
  await tab.evaluate(async () => {
    window.scrollTo(0, 0);
    await document.fonts.ready;
  });
  await tab.screenshot({ path: `${outDir}/${name}`, animations: "disabled" });
}

async function pages(browser) {
  for (const page of ["/docs", "/redoc"]) {
    const tab = await browser.newPage(laptop);
    watch(tab, page);
    await tab.goto(base + page, { waitUntil: "networkidle" });
    try {
      await tab.waitForFunction(
        (texts) => texts.every((text) => document.body.innerText.includes(text)),
        [title, ...operations],
        { timeout: 20000 },
      );
    } catch {
      const missing = await tab.evaluate((texts) => texts.filter((text) => !document.body.innerText.includes(text)), [title, ...operations]);
      failures.push(`${page}: within 20 s the page did not show ${missing.map((text) => JSON.stringify(text)).join(", ")} (the title and every operation's summary are expected)`);
    }
    await picture(tab, images[page]);
    await tab.close();
  }
}

// --- "Authorize" in Swagger UI -------------------------------------------------------------------

/** A failed step of the Authorize check: its message is the whole report. */
class StepFailure extends Error {}

async function step(what, action) {
  try {
    return await action();
  } catch (error) {
    if (error instanceof StepFailure) throw error;
    throw new StepFailure(`${what}: ${error.message.split("\n")[0]}`);
  }
}

async function http(method, path, body, token) {
  const response = await fetch(base + path, {
    method,
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) };
}

/** Every operation of the served document, with its path, method and every parameter that applies. */
function operationsOf(served) {
  return Object.entries(served.paths ?? {}).flatMap(([path, item]) =>
    methods.filter((method) => item[method]).map((method) => ({ path, method, ...item[method], parameters: [...(item.parameters ?? []), ...(item[method].parameters ?? [])] })),
  );
}

/**
 * The operations to run: a protected GET with no required parameter that documents 200 and 401,
 * and no 403 (which a new account, holding no role, would get; the app's own resources before the account endpoints, so GET /api/v1/items, or
 * GET …/auth/manage/info without the sample), and, when there is one, a protected POST of the app's
 * own answering 201 to a JSON body, which Swagger UI fills in from the schema's example.
 */
function pickOperations(served, scheme) {
  const protectedOps = operationsOf(served).filter(
    (op) => (op.security ?? served.security ?? []).some((requirement) => scheme in requirement)
      && !op.parameters.some((parameter) => parameter.required)
      // A 403 means a role the fresh account does not have (the admin operations).
      && !op.responses?.["403"],
  );
  const ownFirst = (a, b) => Number(a.path.includes("/auth/")) - Number(b.path.includes("/auth/"));
  const read = protectedOps.filter((op) => op.method === "get" && op.responses?.["200"] && op.responses?.["401"]).sort(ownFirst)[0];
  const create = protectedOps.filter((op) => op.method === "post" && op.responses?.["201"] && !op.path.includes("/auth/")
    && op.requestBody?.content?.["application/json"]).sort(ownFirst)[0];
  return { read, create };
}

async function account(served) {
  const path = (suffix) => Object.keys(served.paths).find((p) => p.endsWith(suffix) && served.paths[p].post);
  const register = path("/auth/register");
  const login = path("/auth/login");
  if (!register || !login) throw new StepFailure("the document declares a bearer scheme but no POST …/auth/register and …/auth/login");
  const credentials = { email: `docs-check-${randomUUID()}@example.com`, password: `Docs-${randomUUID().slice(0, 8)}-Aa1!` };
  const registered = await step(`POST ${register}`, () => http("POST", register, credentials));
  if (registered.status !== 200) throw new StepFailure(`POST ${register} answered ${registered.status}, not 200: ${registered.text.slice(0, 500)}`);
  const loggedIn = await step(`POST ${login}`, () => http("POST", login, credentials));
  if (loggedIn.status !== 200) throw new StepFailure(`POST ${login} answered ${loggedIn.status}, not 200: ${loggedIn.text.slice(0, 500)}`);
  const token = loggedIn.json().accessToken;
  if (typeof token !== "string" || token.length === 0) throw new StepFailure(`POST ${login} gave no accessToken: ${loggedIn.text.slice(0, 500)}`);
  return { email: credentials.email, token };
}

/** The operation's block in Swagger UI, found by method and path as the page shows them. */
function block(tab, op) {
  return tab.locator(".opblock")
    .filter({ has: tab.locator(`.opblock-summary-path[data-path="${op.path}"]`) })
    .filter({ has: tab.locator(".opblock-summary-method", { hasText: new RegExp(`^${op.method}$`, "i") }) });
}

async function openForTrying(tab, op) {
  const name = `${op.method.toUpperCase()} ${op.path}`;
  const opblock = block(tab, op);
  await step(`${name}: find the operation on /docs`, () => opblock.first().waitFor({ timeout: 15000 }));
  if ((await opblock.count()) !== 1) throw new StepFailure(`${name}: /docs shows it ${await opblock.count()} times, not once`);
  await step(`${name}: expand it`, async () => {
    await opblock.locator(".opblock-summary").first().click();
    await opblock.locator(".opblock-body").waitFor({ timeout: 10000 });
  });
  await step(`${name}: click "Try it out"`, () => opblock.getByRole("button", { name: "Try it out" }).click({ timeout: 10000 }));
  return opblock;
}

/**
 * Clicks "Execute" and returns what happened: the status of the request the page sent, its
 * Authorization header, and the status Swagger UI shows under "Server response".
 */
async function execute(tab, opblock, op) {
  const name = `${op.method.toUpperCase()} ${op.path}`;
  const clear = opblock.getByRole("button", { name: "Clear" });
  if (await clear.count()) await clear.click();
  const matches = (response) => new URL(response.url()).pathname === op.path && response.request().method() === op.method.toUpperCase();
  const [response] = await step(`${name}: click "Execute"`, () => Promise.all([
    tab.waitForResponse(matches, { timeout: 15000 }),
    opblock.getByRole("button", { name: "Execute" }).click({ timeout: 10000 }),
  ]));
  const authorization = (await response.request().allHeaders()).authorization ?? null;
  const shown = await step(`${name}: read the status under "Server response"`, async () => {
    const cell = opblock.locator(".live-responses-table tbody tr.response .response-col_status").first();
    await cell.waitFor({ timeout: 15000 });
    await cell.scrollIntoViewIfNeeded();
    return (await cell.innerText()).trim().match(/^\d{3}/)?.[0] ?? (await cell.innerText()).trim();
  });
  return { sent: response.status(), shown: Number(shown), authorization };
}

async function expectResult(name, result, status, token) {
  const problems = [];
  if (result.shown !== status) problems.push(`Swagger UI shows ${result.shown}`);
  if (result.sent !== status) problems.push(`the server answered ${result.sent}`);
  // Only the start of a header is printed: the token is a credential.
  const shown = (value) => (value === null ? "missing" : `${JSON.stringify(value.slice(0, 20))}… (${value.length} characters)`);
  if (token && result.authorization !== `Bearer ${token}`) problems.push(`the request's Authorization header was ${shown(result.authorization)}, not "Bearer <the access token>"`);
  if (!token && result.authorization !== null) problems.push(`the request carried an Authorization header (${shown(result.authorization)}) before authorizing`);
  if (problems.length > 0) throw new StepFailure(`${name}: expected ${status}${token ? " with the token" : " without a token"}, but ${problems.join("; ")}`);
}

async function authorize(tab, scheme, token) {
  // From the top of the page, so that the picture has the title behind the dialog.
  await tab.evaluate(() => window.scrollTo(0, 0));
  await step(`click "Authorize" at the top of /docs`, () => tab.locator(".scheme-container").getByRole("button", { name: "Authorize" }).click({ timeout: 15000 }));
  const dialog = tab.locator(".modal-ux");
  await step("the Available authorizations dialog opens", () => dialog.waitFor({ timeout: 10000 }));
  const section = dialog.locator(".auth-container").filter({ hasText: scheme });
  if ((await section.count()) !== 1) throw new StepFailure(`the Authorize dialog has ${await section.count()} sections for "${scheme}", not 1`);
  await step(`enter the access token in the ${scheme} field`, () => section.locator("input").first().fill(token, { timeout: 10000 }));
  // The moment a person has pasted the token, for the picture: the field shows its start (not the
  // end, where filling it left the caret), and only that.
  await step("take swagger-authorize.png", async () => {
    await section.locator("input").first().evaluate((input) => {
      input.setSelectionRange(0, 0);
      input.scrollLeft = 0;
    });
    await tab.screenshot({ path: `${outDir}/swagger-authorize.png`, animations: "disabled" });
  });
  await step(`click "Authorize" in the ${scheme} section`, () => section.locator("button", { hasText: /^Authorize$/ }).click({ timeout: 10000 }));
  await step(`the ${scheme} section says "Authorized" and offers "Logout"`, async () => {
    await section.getByText("Authorized", { exact: true }).waitFor({ timeout: 10000 });
    await section.locator("button", { hasText: /^Logout$/ }).waitFor({ timeout: 10000 });
  });
  await step(`click "Close"`, async () => {
    await dialog.locator("button", { hasText: /^Close$/ }).first().click({ timeout: 10000 });
    await dialog.waitFor({ state: "detached", timeout: 10000 });
  });
  await step(`the top "Authorize" button shows the locked padlock`, () => tab.locator(".scheme-container button.authorize.locked").waitFor({ timeout: 10000 }));
}

/** Returns a line for the summary, or null when the document declares no bearer scheme. */
async function authorizeCheck(browser) {
  const label = "/docs Authorize";
  const servedResponse = await step(`GET ${base}/openapi/v1.json`, () => http("GET", "/openapi/v1.json"));
  if (servedResponse.status !== 200) throw new StepFailure(`GET /openapi/v1.json answered ${servedResponse.status}`);
  const served = servedResponse.json();
  const scheme = Object.entries(served.components?.securitySchemes ?? {})
    .find(([, s]) => s.type === "http" && s.scheme?.toLowerCase() === "bearer")?.[0];
  if (!scheme) return null;
  const { read, create } = pickOperations(served, scheme);
  if (!read) throw new StepFailure(`no GET operation requires ${scheme} with no required parameter and documents 200 and 401`);
  const readName = `${read.method.toUpperCase()} ${read.path}`;

  const { email, token } = await account(served);
  const allowed401 = { count: 0 };
  const tab = await browser.newPage(laptop);
  watch(tab, label, allowed401);
  try {
    await step("open /docs", () => tab.goto(base + "/docs", { waitUntil: "networkidle" }));
    const readBlock = await openForTrying(tab, read);

    // Negative control: the same call, before authorizing, is refused.
    allowed401.count += 1;
    await expectResult(`${readName} before authorizing`, await execute(tab, readBlock, read), 401, null);

    await authorize(tab, scheme, token);
    await expectResult(`${readName} after authorizing`, await execute(tab, readBlock, read), 200, token);
    const done = [`${readName} 401 before, 200 after`];

    if (create) {
      const createName = `${create.method.toUpperCase()} ${create.path}`;
      const createBlock = await openForTrying(tab, create);
      await expectResult(`${createName} after authorizing`, await execute(tab, createBlock, create), 201, token);
      done.push(`${createName} ("${create.summary ?? create.operationId}") 201`);
    }
    return `/docs Authorize: ${scheme} token of a fresh account (${email}); ${done.join(", ")}`;
  } catch (error) {
    await tab.screenshot({ path: `${outDir}/swagger-authorize-failed.png` }).catch(() => {});
    throw error;
  } finally {
    await tab.close();
  }
}

let authorizeSummary = null;
try {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  });
  try {
    await pages(browser);
    try {
      authorizeSummary = (await authorizeCheck(browser)) ?? "/docs Authorize: skipped, the served document declares no http bearer security scheme";
    } catch (error) {
      failures.push(`/docs Authorize: ${error instanceof StepFailure ? error.message : error.stack}`);
    }
  } finally {
    await browser.close();
  }
} catch (error) {
  failures.push(`docs pages: could not run against ${base}: ${error.message.split("\n")[0]}`);
}
if (failures.length > 0) {
  if (authorizeSummary) console.log(authorizeSummary);
  console.error(failures.join("\n"));
  console.error(`docs pages: ${failures.length} failure(s); screenshots in ${outDir}`);
  process.exit(1);
}
console.log(`docs pages: /docs and /redoc show the API and ${operations.length} operations, with no outside request and no console error`);
console.log(authorizeSummary);
