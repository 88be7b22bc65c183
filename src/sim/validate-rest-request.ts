import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { restOperations, type RestOperation } from "./rest-operations.js";

/** A REST request as the validator sees it. */
export interface RestRequestToValidate {
  /** Upper-case HTTP method. */
  method: string;
  /** As GitHub's docs name it: no query, no `/api/v3`, each segment URL-decoded, joined with "/". */
  path: string;
  /**
   * The decoded segments, when the caller still has them: an encoded "/" inside one segment
   * (`labels/area%2Fui`, `git/ref/heads%2Fmain`) then stays one parameter. Default: `path` split on "/".
   */
  segments?: string[];
  query: URLSearchParams;
  /** The parsed JSON body, the raw text when it did not parse, or undefined when empty. */
  body: unknown;
}

/** How GitHub would refuse a REST request, and why. */
export interface RestRefusal {
  status: 400 | 404 | 422;
  reason: string;
  /** The description's `"METHOD /template"` when the route is one GitHub has. */
  operation?: string;
}

/**
 * Checks a request against GitHub's REST description (the extract of the operations the stand-in
 * serves): the route must be one of them, path and query parameters must fit their schemas (an
 * unknown query name is refused too: GitHub ignores it, but here it is a client's typo), and the
 * JSON body must fit the operation's body schema. Undefined when the request is valid.
 */
export function validateRestRequest(request: RestRequestToValidate): RestRefusal | undefined {
  const method = request.method.toUpperCase();
  const segments = request.segments ?? request.path.split("/").slice(1);
  const found = findOperation(method, segments);
  if (found === undefined)
    return {
      status: 404,
      reason: `Not Found: ${method} ${request.path} is not an operation of GitHub's REST API (or not one the stand-in serves)`,
    };
  const { key, operation, pathValues } = found;
  const compiled = compile(key, operation);

  const pathParams: Record<string, unknown> = { ...pathValues };
  if (!compiled.path(pathParams)) {
    // GitHub's router does not match `issues/abc`: a path parameter of the wrong shape is a 404.
    return { status: 404, operation: key, reason: `Not Found: ${describeErrors(compiled.path.errors, "path parameter")}` };
  }
  const query: Record<string, unknown> = {};
  for (const name of new Set(request.query.keys())) {
    const values = request.query.getAll(name);
    query[name] = values.length === 1 ? values[0] : values;
  }
  if (!compiled.query(query)) {
    return { status: 422, operation: key, reason: `Validation Failed: ${describeErrors(compiled.query.errors, "query parameter")}` };
  }

  if (compiled.body === undefined) return undefined;
  if (typeof request.body === "string") return { status: 400, operation: key, reason: "Problems parsing JSON" };
  if (request.body === undefined && !operation.requestBodyRequired) return undefined;
  // A missing required body reads as `{}`, so it is reported by the properties it lacks.
  const body = request.body ?? {};
  if (!compiled.body(body))
    return { status: 422, operation: key, reason: `Invalid request.\n\n${describeErrors(compiled.body.errors, "body")}` };
  return undefined;
}

/**
 * Parameters that GitHub lets span several segments when the client does not encode the "/"
 * in them: a contents path, a ref or branch name.
 */
const SLASHED = new Set(["path", "ref", "branch"]);

interface Template {
  key: string;
  method: string;
  parts: string[];
  literals: number;
}

let templates: Template[] | undefined;

function allTemplates(): Template[] {
  templates ??= Object.keys(restOperations().operations).map((key) => {
    const [method, path] = key.split(" ") as [string, string];
    const parts = path.split("/").slice(1);
    return { key, method, parts, literals: parts.filter((p) => !p.startsWith("{")).length };
  });
  return templates;
}

/**
 * The operation a method and path are: among templates of the same length the one with the most
 * literal segments wins (`issues/comments/{comment_id}` over `issues/{issue_number}/comments`);
 * only when none fits may a final `path`/`ref`/`branch` parameter take the remaining segments.
 */
function findOperation(
  method: string,
  segments: string[],
): { key: string; operation: RestOperation; pathValues: Record<string, string> } | undefined {
  let best: { template: Template; values: Record<string, string> } | undefined;
  for (const template of allTemplates()) {
    if (template.method !== method) continue;
    const values = matchTemplate(template.parts, segments);
    if (values !== undefined && (best === undefined || template.literals > best.template.literals)) best = { template, values };
  }
  if (best === undefined) {
    for (const template of allTemplates()) {
      if (template.method !== method) continue;
      const last = template.parts.at(-1) ?? "";
      if (!SLASHED.has(last.slice(1, -1)) || segments.length <= template.parts.length) continue;
      const head = segments.slice(0, template.parts.length - 1);
      const values = matchTemplate(template.parts.slice(0, -1), head);
      const rest = segments.slice(template.parts.length - 1);
      if (values !== undefined && rest.every((s) => s !== "")) {
        best = { template, values: { ...values, [last.slice(1, -1)]: rest.join("/") } };
        break;
      }
    }
  }
  if (best === undefined) return undefined;
  return { key: best.template.key, operation: restOperations().operations[best.template.key] as RestOperation, pathValues: best.values };
}

function matchTemplate(parts: string[], segments: string[]): Record<string, string> | undefined {
  if (parts.length !== segments.length) return undefined;
  const values: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const segment = segments[i] as string;
    if (part.startsWith("{")) {
      if (segment === "") return undefined;
      values[part.slice(1, -1)] = segment;
    } else if (part !== segment) return undefined;
  }
  return values;
}

interface Compiled {
  path: ValidateFunction;
  query: ValidateFunction;
  body?: ValidateFunction;
}

const compiledByKey = new Map<string, Compiled>();

// Formats the description uses: `date-time` is checked, `int64` and `repo.nwo` are only labels.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
  formats: string[],
) => Ajv;
function newAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: false, verbose: true, coerceTypes: coerceTypes ? "array" : false });
  addFormats(ajv, ["date-time"]);
  ajv.addFormat("int64", true);
  ajv.addFormat("int32", true);
  ajv.addFormat("repo.nwo", /^[^/]+\/[^/]+$/);
  return ajv;
}
/** Parameters arrive as strings: the parameter validator coerces `"42"` to 42 before checking. */
let parameterAjv: Ajv | undefined;
/** Bodies are JSON: `"42"` is not an integer there. */
let bodyAjv: Ajv | undefined;

function compile(key: string, operation: RestOperation): Compiled {
  const known = compiledByKey.get(key);
  if (known) return known;
  parameterAjv ??= newAjv(true);
  bodyAjv ??= newAjv(false);
  const objectOf = (where: "path" | "query") => {
    const params = operation.parameters.filter((p) => p.in === where);
    return {
      type: "object",
      properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
      required: params.filter((p) => p.required).map((p) => p.name),
      additionalProperties: false,
    };
  };
  const compiled: Compiled = { path: parameterAjv.compile(objectOf("path")), query: parameterAjv.compile(objectOf("query")) };
  if (operation.requestBody !== undefined) compiled.body = bodyAjv.compile(operation.requestBody);
  compiledByKey.set(key, compiled);
  return compiled;
}

/** ajv's errors in GitHub's wording: `"sha" wasn't supplied.`, `For 'conclusion', "pending" is not a member of [...]`. */
function describeErrors(errors: ErrorObject[] | null | undefined, what: string): string {
  return (errors ?? [])
    .map((error) => {
      const where = error.instancePath.slice(1);
      switch (error.keyword) {
        case "required":
          return `"${[where, (error.params as { missingProperty: string }).missingProperty].filter((p) => p !== "").join("/")}" wasn't supplied.`;
        case "additionalProperties":
          return `${what} "${(error.params as { additionalProperty: string }).additionalProperty}" is not one GitHub describes for this operation.`;
        case "enum":
          return `For '${where}', ${JSON.stringify(error.data)} is not a member of ${JSON.stringify((error.params as { allowedValues: unknown[] }).allowedValues)}.`;
        default:
          return `For '${where}', ${JSON.stringify(error.data)} ${error.message ?? "is invalid"}.`;
      }
    })
    .join("\n");
}
