// Offline checks of the Kubernetes manifests in deploy/k8s (run.sh installs the pinned tools, then
// runs this from anywhere; it finds the repository from its own location).
//
//  1. Schema: every object in deploy/k8s/*.yaml (multi-document, read as YAML 1.1 like Kubernetes
//     does) against the schema of its apiVersion and kind from kubernetes-models. Strict: the
//     package's validators accept fields they do not know, so this records which fields each
//     validator reads and reports any other field as unknown (a typo like `readinessProbee`).
//  2. Settings: every [ConfigurationKeyName("NAME")] in src/**/*.cs must reach the API Deployment
//     (the Deployment whose pods carry app.kubernetes.io/component: api) through its ConfigMap,
//     its Secret or its env, with a value of the property's type inside its [Range]/[AllowedValues].
//  3. Rules and cross-references: every ConfigMap, Secret and key a workload names exists; volumes
//     mounted exist; selectors select; the probes are the app's health paths (from the OpenAPI
//     snapshot); terminationGracePeriodSeconds > SHUTDOWN_DRAIN_SECONDS + SHUTDOWN_TIMEOUT_SECONDS;
//     every container runs non-root on a read-only root filesystem (the "restricted" profile);
//     the migration Job runs the API's image, straight to PostgreSQL; the pool arithmetic fits
//     PgBouncer's max_client_conn; kustomization.yaml lists every manifest but run-once Jobs.
//
// Before all that, a self-test breaks the manifests in memory in a dozen ways and fails unless each
// breakage is reported, so a checker that silently stopped checking cannot pass.
// Exit status: 0 no errors (warnings are printed), 1 errors, 2 could not run.

import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

const here = path.dirname(fileURLToPath(import.meta.url));
const manifestsDir = path.resolve(here, "..");
const root = path.resolve(here, "../../..");
const rel = (p) => path.relative(root, p).split(path.sep).join("/") || ".";

/** The pod label that marks the API Deployment among the workloads. */
const API_LABEL = ["app.kubernetes.io/component", "api"];
/** Variables read by the runtime or its libraries rather than through [ConfigurationKeyName]. */
const RUNTIME_PREFIXES = ["ASPNETCORE_", "DOTNET_", "OTEL_", "Logging__", "Kestrel__"];
const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"]);

// ---------------------------------------------------------------------------------------------
// Loading

function loadManifests(dir) {
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  const objects = [];
  const problems = [];
  let kustomization = null;
  for (const file of files) {
    const text = fs.readFileSync(path.join(dir, file), "utf8");
    // YAML 1.1 as Kubernetes parses manifests: there, yes/no/on/off are booleans and 0440 is octal.
    const docs = YAML.parseAllDocuments(text, { version: "1.1", prettyErrors: true });
    docs.forEach((doc, index) => {
      if (doc.errors.length > 0) {
        for (const e of doc.errors) problems.push({ where: `${file} (document ${index + 1})`, message: e.message.trimEnd() });
        return;
      }
      const obj = doc.toJS({ maxAliasCount: 100 });
      if (obj === null || obj === undefined) return;
      if (isObject(obj) && obj.kind === "Kustomization" && String(obj.apiVersion).startsWith("kustomize.config.k8s.io/")) {
        kustomization = { file, obj };
      } else {
        objects.push({ file, index, obj });
      }
    });
  }
  return { files, objects, kustomization, problems };
}

/** Every [ConfigurationKeyName] in src/**\/*.cs, with the type and limits of the property it names. */
function readAppSettings() {
  const settings = new Map();
  for (const file of walk(path.join(root, "src"), (f) => f.endsWith(".cs"))) {
    const lines = fs.readFileSync(file, "utf8").split(/\r?\n/);
    lines.forEach((line, i) => {
      const key = line.match(/\[ConfigurationKeyName\("([^"]+)"\)\]/);
      if (!key) return;
      let attributes = line;
      let type = null;
      for (let j = i + 1; j < lines.length && j < i + 12; j++) {
        const property = lines[j].match(/^\s*public\s+(?:required\s+)?([\w.<>?,\s]+?)\s+\w+\s*\{/);
        if (property) {
          type = property[1].replace(/\s+/g, "");
          break;
        }
        attributes += "\n" + lines[j];
      }
      for (let k = i - 1; k >= 0 && /^\s*\[/.test(lines[k]); k--) attributes = lines[k] + "\n" + attributes;
      settings.set(key[1], { name: key[1], where: `${rel(file)}:${i + 1}`, type, ...constraintsOf(attributes) });
    });
  }
  return settings;
}

function constraintsOf(attributes) {
  const c = {};
  const range = attributes.match(/\bRange\(([^,()]+),([^()]+)\)/);
  if (range) c.range = [csharpNumber(range[1]), csharpNumber(range[2])];
  const allowed = attributes.match(/\bAllowedValues\(([^)]*)\)/);
  if (allowed) {
    c.allowed = allowed[1].split(",").map((s) => s.trim()).map((s) => (s === "null" ? null : s.replace(/^"(.*)"$/, "$1")));
  }
  const min = attributes.match(/\bMinLength\((\d+)\)/);
  if (min) c.minLength = Number(min[1]);
  const max = attributes.match(/\bMaxLength\((\d+)\)/);
  if (max) c.maxLength = Number(max[1]);
  if (/\bRequired\b/.test(attributes)) c.required = true;
  return c;
}

/** A C# constant expression as [Range] arguments write them: 1_000_000, 24 * 60, 1L << 30. */
function csharpNumber(expression) {
  let e = expression.replace(/_/g, "").replace(/(\d)[lLuU]+\b/g, "$1").trim();
  e = e.replace(/(\d+)\s*<<\s*(\d+)/g, (_, a, b) => String(Number(a) * 2 ** Number(b)));
  if (!/^[\d\s*+\-()]+$/.test(e)) throw new Error(`cannot read the [Range] bound "${expression.trim()}"`);
  return Function(`"use strict"; return (${e});`)();
}

/** The probe paths the app serves, from the committed OpenAPI snapshot (tests keep it equal to the served one). */
function readHealthPaths() {
  const tests = path.join(root, "tests");
  const snapshot = fs.existsSync(tests)
    ? fs.readdirSync(tests).map((d) => path.join(tests, d, "Api", "Docs", "openapi.v1.json")).find((f) => fs.existsSync(f))
    : undefined;
  if (!snapshot) throw new Error("no OpenAPI snapshot at tests/*/Api/Docs/openapi.v1.json to read the health paths from");
  const document = JSON.parse(fs.readFileSync(snapshot, "utf8"));
  const found = {};
  for (const [p, operations] of Object.entries(document.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      if (operation?.operationId === "GetHealth") found.readiness = p;
      if (operation?.operationId === "GetLiveness") found.liveness = p;
    }
  }
  if (!found.readiness || !found.liveness) throw new Error(`${rel(snapshot)} has no GetHealth and GetLiveness operations`);
  return { ...found, source: rel(snapshot) };
}

// ---------------------------------------------------------------------------------------------
// Schema, strictly

const models = new Map();

/** The kubernetes-models class of an apiVersion and kind, or why there is none. */
async function modelFor(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string") return { error: "no apiVersion and kind" };
  if (!/^([a-z0-9.-]+\/)?v\d+((alpha|beta)\d+)?$/.test(apiVersion)) return { error: `apiVersion "${apiVersion}" is not group/version` };
  if (!models.has(apiVersion)) {
    models.set(apiVersion, await import(`kubernetes-models/${apiVersion}`).catch(() => null));
  }
  const module = models.get(apiVersion);
  if (!module) return { error: `unknown apiVersion "${apiVersion}" (no schemas for it in kubernetes-models)` };
  const model = module[kind];
  if (typeof model !== "function" || model.kind !== kind || model.apiVersion !== apiVersion) {
    return { error: `unknown kind "${kind}" in ${apiVersion}` };
  }
  return { model };
}

/**
 * A view of `value` that records, per object, every property name read through it. The package's
 * validators read each property their schema declares (`data.name === undefined || ...`) and
 * enumerate the keys of maps (labels, data), so a key never read is a key the schema does not have.
 */
function recordReads(value) {
  const reads = new WeakMap();
  const views = new WeakMap();
  const view = (v) => {
    if (v === null || typeof v !== "object") return v;
    if (!views.has(v)) {
      reads.set(v, new Set());
      const note = (target, key) => typeof key === "string" && reads.get(target).add(key);
      views.set(v, new Proxy(v, {
        get(target, key) {
          note(target, key);
          return view(Reflect.get(target, key));
        },
        // `key in data` asks about one key by name. Enumerating keys (for...in, Object.keys) is not
        // recorded: validators enumerate only maps, and then read each value, which records it.
        has(target, key) {
          note(target, key);
          return Reflect.has(target, key);
        },
      }));
    }
    return views.get(v);
  };
  return { view: view(value), reads };
}

function* unknownFields(value, reads, at = "") {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* unknownFields(value[i], reads, `${at}/${i}`);
    return;
  }
  if (!isObject(value)) return;
  const known = reads.get(value);
  // Never reached (its parent was the wrong type) or free-form (nothing read): nothing to say.
  if (!known || known.size === 0) return;
  for (const key of Object.keys(value)) {
    if (!known.has(key)) {
      yield { path: `${at}/${key}`, hint: closest(key, [...known].filter((k) => !(k in value))) };
    } else {
      yield* unknownFields(value[key], reads, `${at}/${key}`);
    }
  }
}

async function checkSchema(entry, report) {
  const { obj } = entry;
  if (!isObject(obj)) return report.error(entry, "is not a mapping");
  const { model, error } = await modelFor(obj.apiVersion, obj.kind);
  if (error) return report.error(entry, error);
  const { view, reads } = recordReads(obj);
  let errors = [];
  try {
    model.prototype.validate.call(view);
  } catch (e) {
    if (!Array.isArray(e?.errors)) throw e;
    errors = e.errors;
  }
  for (const e of errors) {
    const allowed = e.params?.allowedValues ? ` (one of: ${e.params.allowedValues.join(", ")})` : "";
    report.error(entry, `${e.instancePath || "/"}: ${e.message}${allowed}`);
  }
  for (const u of unknownFields(obj, reads)) {
    report.error(entry, `${u.path}: unknown field${u.hint ? ` (did you mean "${u.hint}"?)` : ""}`);
  }
  return errors.length === 0;
}

// ---------------------------------------------------------------------------------------------
// The checks

class Report {
  errors = [];
  warnings = [];
  schema = [];
  settings = [];
  facts = [];
  where(at) {
    if (typeof at === "string") return at;
    const { file, obj } = at;
    return `${file} ${obj?.kind ?? "?"}/${obj?.metadata?.name ?? "?"}`;
  }
  error(at, message) {
    this.errors.push(`${this.where(at)}: ${message}`);
  }
  warn(at, message) {
    this.warnings.push(`${this.where(at)}: ${message}`);
  }
}

async function check(loaded, app) {
  const report = new Report();
  const { objects } = loaded;
  for (const p of loaded.problems) report.error(p.where, `YAML: ${p.message}`);

  // 1. Schema
  for (const entry of objects) {
    const ok = await checkSchema(entry, report);
    report.schema.push({ entry, ok });
  }
  const seen = new Map();
  for (const entry of objects) {
    const id = `${entry.obj?.kind}/${entry.obj?.metadata?.namespace ?? ""}/${entry.obj?.metadata?.name}`;
    if (seen.has(id)) report.error(entry, `defined twice (also in ${seen.get(id)})`);
    else seen.set(id, entry.file);
  }

  const find = (kind, name) => objects.find((e) => e.obj?.kind === kind && e.obj?.metadata?.name === name);
  const workloads = objects.filter((e) => WORKLOAD_KINDS.has(e.obj?.kind) && podTemplateOf(e.obj)?.spec);

  // 3. References, selectors and the restricted profile, for every workload
  for (const w of workloads) {
    const template = podTemplateOf(w.obj);
    const spec = template.spec;
    const volumes = new Set((spec.volumes ?? []).map((v) => v.name));
    for (const v of spec.volumes ?? []) {
      const sources = [v, ...(v.projected?.sources ?? [])];
      for (const s of sources) {
        if (s.configMap) mustExist(report, w, find, "ConfigMap", s.configMap.name, s.configMap.optional, `volume "${v.name}"`, s.configMap.items);
        if (s.secret) {
          const name = s.secret.secretName ?? s.secret.name;
          mustExist(report, w, find, "Secret", name, s.secret.optional, `volume "${v.name}"`, s.secret.items);
        }
      }
      if (v.hostPath) report.error(w, `volume "${v.name}": hostPath volumes break the restricted profile`);
    }
    for (const flag of ["hostNetwork", "hostPID", "hostIPC"]) {
      if (spec[flag] === true) report.error(w, `${flag}: true breaks the restricted profile`);
    }
    if (spec.automountServiceAccountToken !== false) {
      report.error(w, "automountServiceAccountToken is not false (no pod here calls the Kubernetes API)");
    }
    for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      const at = `container "${c.name}"`;
      for (const from of c.envFrom ?? []) {
        if (from.configMapRef) mustExist(report, w, find, "ConfigMap", from.configMapRef.name, from.configMapRef.optional, `${at} envFrom`);
        if (from.secretRef) mustExist(report, w, find, "Secret", from.secretRef.name, from.secretRef.optional, `${at} envFrom`);
      }
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.configMapKeyRef ?? e.valueFrom?.secretKeyRef;
        if (!ref) continue;
        const kind = e.valueFrom.configMapKeyRef ? "ConfigMap" : "Secret";
        mustExist(report, w, find, kind, ref.name, ref.optional, `${at} env ${e.name}`, [{ key: ref.key }]);
      }
      for (const m of c.volumeMounts ?? []) {
        if (!volumes.has(m.name)) report.error(w, `${at} mounts volume "${m.name}", which the pod does not declare`);
      }
      const pod = spec.securityContext ?? {};
      const own = c.securityContext ?? {};
      if ((own.runAsNonRoot ?? pod.runAsNonRoot) !== true) report.error(w, `${at}: runAsNonRoot is not true`);
      if ((own.runAsUser ?? pod.runAsUser) === 0) report.error(w, `${at}: runAsUser is 0 (root)`);
      if (own.readOnlyRootFilesystem !== true) report.error(w, `${at}: readOnlyRootFilesystem is not true`);
      if (own.allowPrivilegeEscalation !== false) report.error(w, `${at}: allowPrivilegeEscalation is not false`);
      if (own.privileged === true) report.error(w, `${at}: privileged`);
      if (!(own.capabilities?.drop ?? []).includes("ALL")) report.error(w, `${at}: capabilities.drop does not include ALL`);
      if (!["RuntimeDefault", "Localhost"].includes((own.seccompProfile ?? pod.seccompProfile)?.type)) {
        report.error(w, `${at}: no seccompProfile RuntimeDefault (pod or container)`);
      }
      if (!c.resources?.requests?.memory || !c.resources?.limits?.memory) {
        report.error(w, `${at}: no memory request and limit`);
      }
    }
    const selector = w.obj.spec?.selector;
    if (selector && w.obj.kind !== "Job" && !selects(selector, template.metadata?.labels)) {
      report.error(w, "spec.selector does not select the pod template's labels");
    }
  }

  const podsSelectedBy = (match) => workloads.filter((w) => match(podTemplateOf(w.obj).metadata?.labels ?? {}));
  for (const s of objects.filter((e) => e.obj?.kind === "Service" && e.obj.spec?.selector)) {
    const pods = podsSelectedBy((labels) => matchesMap(s.obj.spec.selector, labels));
    if (pods.length === 0) {
      report.error(s, "its selector matches no workload's pods among the manifests");
      continue;
    }
    for (const port of s.obj.spec.ports ?? []) {
      const target = port.targetPort ?? port.port;
      if (!pods.some((w) => containerPorts(w).has(target))) {
        report.error(s, `port "${port.name ?? port.port}": targetPort ${target} is no container port of the pods it selects`);
      }
    }
  }
  for (const p of objects.filter((e) => e.obj?.kind === "PodDisruptionBudget")) {
    if (podsSelectedBy((labels) => selects(p.obj.spec?.selector, labels)).length === 0) {
      report.error(p, "its selector matches no workload's pods among the manifests");
    }
  }
  const hpas = objects.filter((e) => e.obj?.kind === "HorizontalPodAutoscaler");
  for (const h of hpas) {
    const ref = h.obj.spec?.scaleTargetRef ?? {};
    const target = find(ref.kind, ref.name);
    if (!target) report.error(h, `scaleTargetRef ${ref.kind}/${ref.name} is not among the manifests`);
    else if (target.obj.spec?.replicas !== undefined) {
      report.warn(target, `sets spec.replicas while ${h.file} scales it: every apply resets the count the HPA chose`);
    }
  }

  // 2. Settings, and the rules about the API
  const apis = workloads.filter((w) => w.obj.kind === "Deployment" && podTemplateOf(w.obj).metadata?.labels?.[API_LABEL[0]] === API_LABEL[1]);
  if (apis.length !== 1) {
    report.error("deploy/k8s", `${apis.length} Deployments have pods labelled ${API_LABEL.join(": ")}; the checks need exactly one (the API)`);
  } else {
    checkApi(report, apis[0], { app, objects, workloads, find, hpas });
  }

  // Kustomization
  if (loaded.kustomization) checkKustomization(report, loaded, objects);
  else report.warn("deploy/k8s", "no kustomization.yaml");
  return report;
}

function checkApi(report, api, { app, objects, workloads, find, hpas }) {
  const spec = podTemplateOf(api.obj).spec;
  const container = (spec.containers ?? []).find((c) => (c.ports ?? []).length > 0) ?? spec.containers?.[0];
  if (!container) return report.error(api, "has no container");
  const env = effectiveEnv(container, find);
  const at = `container "${container.name}"`;

  // Every setting the app reads reaches the container, with a value the app accepts.
  const referencedElsewhere = new Set(workloads.flatMap((w) => allContainers(w.obj).flatMap((c) =>
    (c.env ?? []).map((e) => e.valueFrom?.secretKeyRef?.key ?? e.valueFrom?.configMapKeyRef?.key).filter(Boolean))));
  for (const setting of [...app.settings.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    const got = env.get(setting.name);
    const problem = got === undefined ? "not set" : settingProblem(setting, got.value);
    report.settings.push({ name: setting.name, value: got?.secret ? "(secret)" : got?.value, from: got?.from, problem });
    if (got === undefined) report.error(api, `${at}: ${setting.name} is not set (the app reads it: ${setting.where}); add it to the ConfigMap or Secret`);
    else if (problem) report.error(api, `${at}: ${setting.name}=${JSON.stringify(got.value)} (${got.from}): ${problem}`);
  }
  const unread = [...env.entries()]
    .filter(([name, v]) => v.from !== "env" && !app.settings.has(name) && !referencedElsewhere.has(name) && !RUNTIME_PREFIXES.some((p) => name.startsWith(p)))
    .map(([name]) => name);
  if (unread.length > 0) report.warn(api, `${at} gets settings no [ConfigurationKeyName] in src reads (yet?): ${unread.join(", ")}`);

  // Probes: readiness is the database check; liveness and startup never touch the database.
  const ports = containerPorts({ obj: { kind: "Pod", spec: { containers: [container] } } });
  const probes = { readinessProbe: app.health.readiness, livenessProbe: app.health.liveness, startupProbe: app.health.liveness };
  for (const [probe, expected] of Object.entries(probes)) {
    const p = container[probe];
    if (!p) {
      if (probe !== "startupProbe") report.error(api, `${at}: no ${probe}`);
      continue;
    }
    if (!p.httpGet) {
      report.error(api, `${at}: ${probe} is not an httpGet of ${expected}`);
      continue;
    }
    const why = probe === "readinessProbe" ? "GetHealth, the readiness check" : "GetLiveness: liveness must never depend on the database";
    if (p.httpGet.path !== expected) report.error(api, `${at}: ${probe} path ${p.httpGet.path} is not ${expected} (${why}; ${app.health.source})`);
    if (!ports.has(p.httpGet.port)) report.error(api, `${at}: ${probe} port ${p.httpGet.port} is no port of the container`);
  }

  // Shutdown: the kubelet's SIGKILL must come after the drain and the in-flight requests.
  const drain = integerSetting(env, "SHUTDOWN_DRAIN_SECONDS");
  const timeout = integerSetting(env, "SHUTDOWN_TIMEOUT_SECONDS");
  const grace = spec.terminationGracePeriodSeconds ?? 30;
  if (drain === undefined || timeout === undefined) {
    report.error(api, `${at}: SHUTDOWN_DRAIN_SECONDS and SHUTDOWN_TIMEOUT_SECONDS must both be set to integers for the grace period to be checked`);
  } else if (!(grace > drain + timeout)) {
    report.error(api, `terminationGracePeriodSeconds ${grace} is not more than SHUTDOWN_DRAIN_SECONDS ${drain} + SHUTDOWN_TIMEOUT_SECONDS ${timeout}`);
  } else {
    report.facts.push(`terminationGracePeriodSeconds ${grace} > drain ${drain} + shutdown ${timeout}`);
  }

  const proxies = env.get("TRUSTED_PROXIES")?.value;
  for (const entry of (proxies ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    if (!isIpOrCidr(entry)) report.error(api, `${at}: TRUSTED_PROXIES entry "${entry}" is not an IP address or CIDR range`);
  }

  // The database path: DATABASE_URL through the pooler's Service, the pool arithmetic against it.
  const image = container.image;
  const apiHost = databaseHost(env.get("DATABASE_URL")?.value);
  const behindPooler = /^true$/i.test(env.get("DATABASE_BEHIND_POOLER")?.value ?? "");
  const pooler = apiHost ? find("Service", apiHost.split(".")[0]) : undefined;
  if (behindPooler && apiHost && !pooler) {
    report.error(api, `DATABASE_BEHIND_POOLER is true but DATABASE_URL's host "${apiHost}" is no Service among the manifests`);
  }
  if (pooler) {
    const ini = poolerIni(pooler, workloads, find);
    const poolSize = integerSetting(env, "DATABASE_POOL_SIZE") ?? 50;
    const hpa = hpas.find((h) => h.obj.spec?.scaleTargetRef?.kind === "Deployment" && h.obj.spec?.scaleTargetRef?.name === api.obj.metadata?.name);
    const maxPods = hpa?.obj.spec?.maxReplicas ?? api.obj.spec?.replicas ?? 1;
    const surge = surgeOf(api.obj, maxPods);
    if (!Number.isInteger(maxPods) || !Number.isInteger(surge)) {
      // The schema errors already say what is wrong with the counts.
    } else if (!ini) {
      report.warn(pooler, "selects no pod with a mounted *.ini to check the pool arithmetic against");
    } else {
      const maxClients = Number(ini.values.max_client_conn ?? 100);
      const clients = (maxPods + surge) * poolSize;
      const sum = `(${hpa ? "HPA maxReplicas" : "replicas"} ${maxPods} + maxSurge ${surge}) x DATABASE_POOL_SIZE ${poolSize} = ${clients}`;
      if (clients > maxClients) report.error(api, `${sum} > max_client_conn ${maxClients} of one pooler pod (${ini.where})`);
      else report.facts.push(`${sum} <= max_client_conn ${maxClients} (${ini.where})`);
    }
  }

  // The migration Job: the same image, straight to PostgreSQL, bounded retries, cleaned up.
  const migrations = workloads.filter((w) => ["Job", "CronJob"].includes(w.obj.kind)
    && allContainers(w.obj).some((c) => [...(c.command ?? []), ...(c.args ?? [])].join(" ").includes("db upgrade")));
  if (migrations.length === 0) report.error("deploy/k8s", "no Job runs `db upgrade` (the migrations before a rollout)");
  for (const job of migrations) {
    const c = allContainers(job.obj).find((x) => [...(x.command ?? []), ...(x.args ?? [])].join(" ").includes("db upgrade"));
    if (c.image !== image) report.error(job, `image ${c.image} is not the API's ${image}`);
    const jobEnv = effectiveEnv(c, find);
    const url = jobEnv.get("DATABASE_URL");
    if (!url) report.error(job, "DATABASE_URL is not set");
    const host = databaseHost(url?.value);
    if (pooler && host && host.split(".")[0] === pooler.obj.metadata.name) {
      report.error(job, `DATABASE_URL goes through the pooler Service ${host}: migrations hold a session advisory lock, so they must reach PostgreSQL directly`);
    }
    const jobSpec = job.obj.kind === "CronJob" ? job.obj.spec?.jobTemplate?.spec : job.obj.spec;
    if (jobSpec?.backoffLimit === undefined) report.error(job, "no backoffLimit");
    if (jobSpec?.ttlSecondsAfterFinished === undefined) report.error(job, "no ttlSecondsAfterFinished");
  }
}

function checkKustomization(report, loaded, objects) {
  const { file, obj } = loaded.kustomization;
  const known = new Set(["apiVersion", "kind", "metadata", "namespace", "namePrefix", "nameSuffix", "resources", "components",
    "labels", "commonLabels", "commonAnnotations", "images", "replicas", "patches", "patchesStrategicMerge", "patchesJson6902",
    "configMapGenerator", "secretGenerator", "generatorOptions", "generators", "transformers", "validators", "crds",
    "openapi", "buildMetadata", "helmCharts", "helmGlobals", "replacements", "sortOptions"]);
  for (const key of Object.keys(obj)) {
    if (!known.has(key)) report.error(file, `unknown field "${key}"${hintText(closest(key, [...known]))}`);
  }
  const listed = new Set();
  for (const r of obj.resources ?? []) {
    if (typeof r !== "string" || r.includes("://") || r.includes("/")) continue;
    listed.add(r);
    if (!loaded.files.includes(r)) report.error(file, `resources: ${r} does not exist in deploy/k8s`);
  }
  const byFile = Map.groupBy ? Map.groupBy(objects, (e) => e.file) : groupBy(objects, (e) => e.file);
  for (const [f, entries] of byFile) {
    if (listed.has(f)) continue;
    // Run-once Jobs stay out: applied with everything else they would run alongside the rollout,
    // and a Job's pod template cannot be changed by the next apply.
    if (entries.every((e) => e.obj?.kind === "Job")) report.facts.push(`${f}: Jobs only, applied on their own before the rollout (not in ${file})`);
    else report.error(file, `resources does not list ${f}`);
  }
  const namespaces = objects.filter((e) => e.obj?.kind === "Namespace").map((e) => e.obj.metadata?.name);
  if (obj.namespace && namespaces.length > 0 && !namespaces.includes(obj.namespace)) {
    report.error(file, `namespace ${obj.namespace} is not the Namespace the manifests define (${namespaces.join(", ")})`);
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

function isObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function* walk(dir, wanted) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (["bin", "obj", "node_modules"].includes(entry.name) || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full, wanted);
    else if (wanted(full)) yield full;
  }
}

function groupBy(items, key) {
  const map = new Map();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}

function podTemplateOf(obj) {
  if (!isObject(obj)) return undefined;
  if (obj.kind === "Pod") return { metadata: obj.metadata, spec: obj.spec };
  if (obj.kind === "CronJob") return obj.spec?.jobTemplate?.spec?.template;
  return obj.spec?.template;
}

function allContainers(obj) {
  const spec = podTemplateOf(obj)?.spec ?? {};
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}

function containerPorts(w) {
  const ports = new Set();
  for (const c of allContainers(w.obj)) {
    for (const p of c.ports ?? []) {
      ports.add(p.containerPort);
      if (p.name) ports.add(p.name);
    }
  }
  return ports;
}

function secretData(obj) {
  const data = {};
  for (const [k, v] of Object.entries(obj.data ?? {})) data[k] = Buffer.from(String(v), "base64").toString("utf8");
  return { ...data, ...(obj.stringData ?? {}) };
}

function dataOf(entry) {
  return entry.obj.kind === "Secret" ? secretData(entry.obj) : { ...(entry.obj.binaryData ?? {}), ...(entry.obj.data ?? {}) };
}

function mustExist(report, w, find, kind, name, optional, what, items) {
  const target = find(kind, name);
  if (!target) {
    if (optional !== true) report.error(w, `${what}: no ${kind} named "${name}" among the manifests`);
    return;
  }
  const data = dataOf(target);
  for (const item of items ?? []) {
    if (!(item.key in data) && optional !== true) report.error(w, `${what}: ${kind} "${name}" has no key "${item.key}"`);
  }
}

/** The environment a container starts with, as Kubernetes builds it: envFrom in order, then env. */
function effectiveEnv(container, find) {
  const env = new Map();
  for (const from of container.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    const kind = from.configMapRef ? "ConfigMap" : "Secret";
    const target = ref && find(kind, ref.name);
    if (!target) continue;
    for (const [k, v] of Object.entries(dataOf(target))) {
      env.set((from.prefix ?? "") + k, { value: String(v), from: `${kind} ${ref.name}`, secret: kind === "Secret" });
    }
  }
  for (const e of container.env ?? []) {
    const ref = e.valueFrom?.configMapKeyRef ?? e.valueFrom?.secretKeyRef;
    if (!e.valueFrom) {
      env.set(e.name, { value: String(e.value ?? ""), from: "env" });
    } else if (ref) {
      const kind = e.valueFrom.configMapKeyRef ? "ConfigMap" : "Secret";
      const target = find(kind, ref.name);
      const value = target ? dataOf(target)[ref.key] : undefined;
      env.set(e.name, { value: value === undefined ? undefined : String(value), from: `${kind} ${ref.name} key ${ref.key}`, secret: kind === "Secret" });
    } else {
      env.set(e.name, { value: undefined, from: "env (set at run time)" });
    }
  }
  return env;
}

function settingProblem(setting, value) {
  if (value === undefined) return "its value cannot be read from the manifests";
  const type = (setting.type ?? "string").replace(/\?$/, "");
  const optional = (setting.type ?? "").endsWith("?") || type === "string";
  if (value === "" && optional && !setting.required && setting.minLength === undefined) return null;
  if (["int", "long", "short", "byte", "uint", "ulong"].includes(type)) {
    if (!/^[+-]?\d+$/.test(value.trim())) return `not an integer (${setting.where} is ${setting.type})`;
  } else if (["double", "float", "decimal"].includes(type)) {
    if (value.trim() === "" || !Number.isFinite(Number(value))) return `not a number (${setting.where} is ${setting.type})`;
  } else if (type === "bool") {
    if (!/^(true|false)$/i.test(value.trim())) return `not true or false (${setting.where} is ${setting.type})`;
  }
  if (setting.range) {
    const [min, max] = setting.range;
    const n = Number(value);
    if (!(n >= min && n <= max)) return `outside [Range(${min}, ${max})] at ${setting.where}`;
  }
  if (setting.allowed && !setting.allowed.includes(value) && !(value === "" && setting.allowed.includes(null))) {
    return `not one of the [AllowedValues] at ${setting.where}: ${setting.allowed.filter((v) => v !== null).map((v) => JSON.stringify(v)).join(", ")}`;
  }
  if (setting.minLength !== undefined && value.length < setting.minLength) return `shorter than [MinLength(${setting.minLength})] at ${setting.where}`;
  if (setting.maxLength !== undefined && value.length > setting.maxLength) return `longer than [MaxLength(${setting.maxLength})] at ${setting.where}`;
  if (setting.required && value.trim() === "") return `empty, but [Required] at ${setting.where}`;
  return null;
}

function integerSetting(env, name) {
  const value = env.get(name)?.value;
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}

function isIpOrCidr(entry) {
  const [address, prefix, ...rest] = entry.split("/");
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** The host of a PostgreSQL URI or of an Npgsql keyword string (Host=...). */
function databaseHost(url) {
  if (!url) return undefined;
  if (url.includes("://")) {
    const rest = url.slice(url.indexOf("://") + 3).split(/[/?]/)[0];
    const hostPort = rest.slice(rest.lastIndexOf("@") + 1).split(",")[0];
    return hostPort.startsWith("[") ? hostPort.slice(1, hostPort.indexOf("]")) : hostPort.split(":")[0];
  }
  const host = url.split(";").map((p) => p.split("=")).find(([k]) => /^\s*(host|server)\s*$/i.test(k));
  return host?.[1]?.trim().split(",")[0].split(":")[0];
}

/** The [pgbouncer] section of the *.ini mounted from a ConfigMap by the pods a Service selects. */
function poolerIni(service, workloads, find) {
  for (const w of workloads) {
    if (!matchesMap(service.obj.spec?.selector ?? {}, podTemplateOf(w.obj).metadata?.labels ?? {})) continue;
    for (const v of podTemplateOf(w.obj).spec.volumes ?? []) {
      const cm = v.configMap && find("ConfigMap", v.configMap.name);
      if (!cm) continue;
      for (const [key, text] of Object.entries(cm.obj.data ?? {})) {
        if (key.endsWith(".ini")) return { values: parseIni(String(text)).pgbouncer ?? {}, where: `${cm.file} ${key}` };
      }
    }
  }
  return undefined;
}

function parseIni(text) {
  const sections = {};
  let section = "";
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith(";") || line.startsWith("#")) continue;
    const header = line.match(/^\[(.+)\]$/);
    if (header) {
      section = header[1].trim();
      continue;
    }
    const eq = line.indexOf("=");
    if (eq > 0) (sections[section] ??= {})[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return sections;
}

function surgeOf(deployment, pods) {
  const surge = deployment.spec?.strategy?.rollingUpdate?.maxSurge ?? "25%";
  if (typeof surge === "number") return surge;
  return /^\d+%$/.test(String(surge)) ? Math.ceil((pods * parseInt(surge, 10)) / 100) : NaN;
}

function matchesMap(selector, labels) {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => labels?.[k] === v);
}

function selects(selector, labels) {
  if (!isObject(selector)) return false;
  const l = labels ?? {};
  const expressions = selector.matchExpressions ?? [];
  if (Object.keys(selector.matchLabels ?? {}).length === 0 && expressions.length === 0) return false;
  if (!Object.entries(selector.matchLabels ?? {}).every(([k, v]) => l[k] === v)) return false;
  return expressions.every(({ key, operator, values = [] }) => {
    switch (operator) {
      case "In": return key in l && values.includes(l[key]);
      case "NotIn": return !(key in l) || !values.includes(l[key]);
      case "Exists": return key in l;
      case "DoesNotExist": return !(key in l);
      default: return false;
    }
  });
}

function closest(word, candidates) {
  let best;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function hintText(hint) {
  return hint ? ` (did you mean "${hint}"?)` : "";
}

function distance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

// ---------------------------------------------------------------------------------------------
// Self-test: each breakage must produce an error that contains the words given.

function breakages(loaded, app) {
  const api = (objects) => objects.find((e) => e.obj?.kind === "Deployment" && podTemplateOf(e.obj).metadata?.labels?.[API_LABEL[0]] === API_LABEL[1]);
  const apiContainer = (objects) => podTemplateOf(api(objects).obj).spec.containers[0];
  const apiConfigMap = (objects) => {
    const ref = (apiContainer(objects).envFrom ?? []).find((f) => f.configMapRef)?.configMapRef.name;
    return objects.find((e) => e.obj?.kind === "ConfigMap" && e.obj.metadata?.name === ref).obj;
  };
  const kind = (objects, k) => objects.find((e) => e.obj?.kind === k).obj;
  const firstSettingInConfigMap = (objects) => Object.keys(apiConfigMap(objects).data).find((k) => app.settings.has(k));
  return [
    ["a misspelt field (readinessProbee)", 'unknown field (did you mean "readinessProbe"?)', (o) => {
      const c = apiContainer(o);
      c.readinessProbee = c.readinessProbe;
      delete c.readinessProbe;
    }],
    ["a number where the schema wants a string (ConfigMap data)", "must be string", (o) => { apiConfigMap(o).data.DATABASE_POOL_SIZE = 20; }],
    ["a string where the schema wants an integer", "must be integer", (o) => { kind(o, "HorizontalPodAutoscaler").spec.maxReplicas = "10"; }],
    ["an unknown kind", "unknown kind", (o) => { kind(o, "Service").kind = "Servic"; }],
    ["a setting the app reads, removed from the ConfigMap", "is not set", (o) => { delete apiConfigMap(o).data[firstSettingInConfigMap(o)]; }],
    ["a setting outside its [Range]", "outside [Range(", (o) => { apiConfigMap(o).data.DATABASE_POOL_SIZE = "0"; }],
    ["a grace period no longer than drain + shutdown", "terminationGracePeriodSeconds", (o) => { podTemplateOf(api(o).obj).spec.terminationGracePeriodSeconds = 35; }],
    ["liveness on the readiness path", "livenessProbe path", (o) => { apiContainer(o).livenessProbe.httpGet.path = app.health.readiness; }],
    ["a writable root filesystem", "readOnlyRootFilesystem is not true", (o) => { apiContainer(o).securityContext.readOnlyRootFilesystem = false; }],
    ["runAsNonRoot removed", "runAsNonRoot is not true", (o) => {
      delete apiContainer(o).securityContext.runAsNonRoot;
      delete podTemplateOf(api(o).obj).spec.securityContext.runAsNonRoot;
    }],
    ["a Secret name that no manifest defines", "no Secret named", (o) => { apiContainer(o).envFrom.find((f) => f.secretRef).secretRef.name += "-typo"; }],
    ["more API pods than PgBouncer takes clients", "max_client_conn", (o) => { kind(o, "HorizontalPodAutoscaler").spec.maxReplicas = 100; }],
  ].map(([what, expect, mutate]) => ({ what, expect, mutate }));
}

async function selfTest(loaded, app) {
  const failures = [];
  const tests = breakages(loaded, app);
  for (const t of tests) {
    const copy = structuredClone(loaded);
    try {
      t.mutate(copy.objects);
    } catch (e) {
      failures.push(`${t.what}: could not break the manifests that way (${e.message})`);
      continue;
    }
    const report = await check(copy, app);
    if (!report.errors.some((e) => e.includes(t.expect))) {
      failures.push(`${t.what}: no error containing "${t.expect}"${report.errors.length ? ` (errors: ${report.errors.join("; ")})` : ""}`);
    }
  }
  return { count: tests.length, failures };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  let app;
  let loaded;
  try {
    app = { settings: readAppSettings(), health: readHealthPaths() };
    loaded = loadManifests(manifestsDir);
  } catch (e) {
    console.error(`validate.mjs: ${e.message}`);
    return 2;
  }
  if (app.settings.size === 0) {
    console.error("validate.mjs: no [ConfigurationKeyName] found under src/; is this the repository root?");
    return 2;
  }
  const version = (name) => JSON.parse(fs.readFileSync(path.join(here, "node_modules", name, "package.json"), "utf8")).version;
  console.log(`${rel(manifestsDir)}: ${loaded.files.length} files, ${loaded.objects.length} objects; kubernetes-models ${version("kubernetes-models")}, yaml ${version("yaml")}`);

  const report = await check(loaded, app);
  // The self-test only means something on manifests that pass: a breakage must be the only error.
  if (report.errors.length === 0) {
    const { count, failures } = await selfTest(loaded, app);
    if (failures.length > 0) {
      for (const f of failures) console.log(`self-test FAILED: ${f}`);
      return 1;
    }
    console.log(`self-test: ${count} deliberate breakages, each reported`);
  } else {
    console.log("self-test: skipped, as the manifests themselves have errors");
  }

  console.log("\n-- schema (strict: a field the schema does not have is an error)");
  for (const { entry, ok } of report.schema) {
    console.log(`  ${ok ? "ok  " : "FAIL"}  ${entry.file.padEnd(26)} ${entry.obj?.kind}/${entry.obj?.metadata?.name}`);
  }
  console.log(`\n-- settings the app reads: ${app.settings.size} [ConfigurationKeyName] in src, as the API container gets them`);
  for (const s of report.settings) {
    const value = s.value === undefined ? "" : s.value === "" ? '""' : s.value;
    console.log(`  ${s.problem ? "FAIL" : "ok  "}  ${s.name.padEnd(34)} ${String(value).padEnd(16)} ${s.from ?? "MISSING"}`);
  }
  const missing = report.settings.filter((s) => s.from === undefined).map((s) => s.name);
  console.log(`  missing: ${missing.length ? missing.join(", ") : "none"}`);
  if (report.facts.length > 0) {
    console.log("\n-- arithmetic and layout");
    for (const f of report.facts) console.log(`  ${f}`);
  }
  if (report.warnings.length > 0) {
    console.log("\n-- warnings");
    for (const w of report.warnings) console.log(`  ${w}`);
  }
  if (report.errors.length > 0) {
    console.log("\n-- errors");
    for (const e of report.errors) console.log(`  ${e}`);
  }
  console.log(`\nk8s manifests: ${report.errors.length} errors, ${report.warnings.length} warnings`);
  return report.errors.length > 0 ? 1 : 0;
}

process.exitCode = await main();
