import { readFileSync } from "node:fs";

/** One parameter of a REST operation, as GitHub's description gives it (JSON Schema). */
export interface RestParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  schema: Record<string, unknown>;
}

/** What the extract keeps of one operation of GitHub's REST description. */
export interface RestOperation {
  /** Octokit's name for it, e.g. `checks/create`. */
  operationId: string;
  parameters: RestParameter[];
  /** JSON Schema of the `application/json` body, when the operation takes one. */
  requestBody?: Record<string, unknown>;
  requestBodyRequired?: boolean;
  /** JSON Schema of each 2xx answer by status, for the few operations whose answers a test checks. */
  responses?: Record<string, Record<string, unknown>>;
}

/** `src/sim/spec/rest-operations.json`, written by `npm run spec:refresh`. */
export interface RestOperations {
  /** Which package version and file the extract was taken from. */
  source: string;
  /** `"METHOD /path/{template}"` → operation. */
  operations: Record<string, RestOperation>;
}

/**
 * The file sits in src/sim/spec and is read relative to this module: `../../src/sim/spec` is the
 * same place from src/sim (tests) and from the built lib/sim (the package ships src/sim/spec).
 */
const EXTRACT = new URL("../../src/sim/spec/rest-operations.json", import.meta.url);

let cached: RestOperations | undefined;

/** The REST extract, read once on first use (most runs of the app never need it). */
export function restOperations(): RestOperations {
  cached ??= JSON.parse(readFileSync(EXTRACT, "utf8")) as RestOperations;
  return cached;
}
