#!/usr/bin/env node
/**
 * Writes src/sim/spec/rest-operations.json: what GitHub's published REST description says about
 * each operation the stand-in serves (src/sim/spec/served-operations.json), reduced to what a
 * request validator needs — parameters with their schemas and the JSON request body schema — and,
 * for the operations in RESPONSES_KEPT, the JSON schema of each 2xx answer, so a test can check the
 * stand-in's answers too.
 *
 * @octokit/openapi is ~385 MB installed, so it is not a dependency: this packs the pinned version
 * into a temporary directory with the ordinary npm client and reads one file out of the tarball.
 * Run with `npm run spec:refresh`; bump VERSION to follow GitHub's description.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const VERSION = "23.0.2";
const FILE = "generated/api.github.com.deref.json";
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const specDir = join(root, "src", "sim", "spec");

/** Keywords a validator does not read; dropping them keeps the extract small. */
const DROP = new Set([
  "description",
  "summary",
  "example",
  "examples",
  "externalDocs",
  "title",
  "deprecated",
  "readOnly",
  "writeOnly",
  "xml",
  "discriminator",
]);
/**
 * Operations whose 2xx answer schemas are kept. Dereferenced answers are large (an issue's is tens
 * of kilobytes), so only those a test validates are listed.
 */
const RESPONSES_KEPT = new Set([
  "GET /app/hook/deliveries",
  "GET /app/hook/deliveries/{delivery_id}",
  "POST /app/hook/deliveries/{delivery_id}/attempts",
]);
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "definitions", "$defs"]);
const SCHEMA_LISTS = new Set(["oneOf", "anyOf", "allOf", "prefixItems"]);
const SCHEMA_VALUES = new Set(["items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames"]);

/**
 * OpenAPI 3.0 schema → JSON Schema for ajv: description-only keywords and `x-` extensions dropped,
 * `nullable: true` turned into an explicit null (`type: [T, "null"]`, null added to an enum, or
 * `anyOf [schema, null]` when there is no type to widen).
 */
function toJsonSchema(schema) {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== "object") return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROP.has(key) || key.startsWith("x-") || key === "nullable") continue;
    if (SCHEMA_MAPS.has(key)) out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, toJsonSchema(sub)]));
    else if (SCHEMA_LISTS.has(key)) out[key] = value.map(toJsonSchema);
    else if (SCHEMA_VALUES.has(key) && typeof value === "object") out[key] = toJsonSchema(value);
    else out[key] = value;
  }
  if (schema.nullable !== true) return out;
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (typeof out.type === "string") return { ...out, type: [out.type, "null"] };
  if (Array.isArray(out.type)) return out.type.includes("null") ? out : { ...out, type: [...out.type, "null"] };
  return { anyOf: [out, { type: "null" }] };
}

/**
 * A parameter's schema; GitHub states some limits only in prose ("The number of results per page
 * (max 100)."), so a "(max N)" there becomes `maximum`.
 */
function parameterSchema(parameter) {
  const schema = toJsonSchema(parameter.schema ?? {});
  const max = /\(max (\d+)\)/.exec(parameter.description ?? "");
  if (max && (schema.type === "integer" || schema.type === "number") && schema.maximum === undefined) schema.maximum = Number(max[1]);
  return schema;
}

function extractOperation(key, operation) {
  const extracted = {
    operationId: operation.operationId,
    parameters: (operation.parameters ?? []).map((parameter) => ({
      name: parameter.name,
      in: parameter.in,
      required: parameter.required === true,
      schema: parameterSchema(parameter),
    })),
  };
  const json = operation.requestBody?.content?.["application/json"];
  if (json?.schema) {
    extracted.requestBody = toJsonSchema(json.schema);
    extracted.requestBodyRequired = operation.requestBody.required === true;
  }
  if (RESPONSES_KEPT.has(key)) {
    extracted.responses = {};
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      const schema = response.content?.["application/json"]?.schema;
      if (/^2\d\d$/.test(status) && schema) extracted.responses[status] = toJsonSchema(schema);
    }
  }
  return extracted;
}

function readDescription() {
  const work = mkdtempSync(join(tmpdir(), "github-spec-"));
  try {
    execFileSync("npm", ["pack", `@octokit/openapi@${VERSION}`, "--silent", "--pack-destination", work], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    const tarball = readdirSync(work).find((name) => name.endsWith(".tgz"));
    if (!tarball) throw new Error(`npm pack @octokit/openapi@${VERSION} produced no tarball`);
    execFileSync("tar", ["-xzf", join(work, tarball), "-C", work, `package/${FILE}`]);
    return JSON.parse(readFileSync(join(work, "package", FILE), "utf8"));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const served = JSON.parse(readFileSync(join(specDir, "served-operations.json"), "utf8"));
const description = readDescription();
const operations = {};
const missing = [];
for (const key of [...served].sort()) {
  const [method, path] = key.split(" ");
  const operation = description.paths[path]?.[method.toLowerCase()];
  if (operation) operations[key] = extractOperation(key, operation);
  else missing.push(key);
}
writeFileSync(
  join(specDir, "rest-operations.json"),
  `${JSON.stringify({ source: `@octokit/openapi@${VERSION} ${FILE}`, operations }, null, 1)}\n`,
);
console.log(`wrote ${Object.keys(operations).length} operations to src/sim/spec/rest-operations.json`);
if (missing.length > 0) {
  // The served list must only name operations GitHub describes: fail so the list gets fixed.
  console.error(`not in GitHub's description (remove them from served-operations.json):\n  ${missing.join("\n  ")}`);
  process.exitCode = 1;
}
