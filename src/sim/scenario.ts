/**
 * The `simulate` scenario format (docs/simulate.md): JSON Lines, an optional first
 * `{"world": {...}}` line, then one webhook per line. Tools outside the project write these files,
 * so the parser is lenient about extra keys and strict about the ones it reads, and every error
 * names its line.
 */
import type { RepoRole } from "../github/github-adapter.js";
import type { DeliveryAttempt } from "./resources/hook-deliveries.js";

/** The GitHub the stand-in pretends to be: one repository, its people and its default-branch files. */
export interface World {
  owner: string;
  repo: string;
  default_branch: string;
  /** login → repository role; anyone absent has none. */
  permissions: Record<string, RepoRole>;
  /** Logins of the organization's members. */
  members: string[];
  /**
   * path → content on the default branch of `owner/repo`. A key `"owner/name:path"` holds a file
   * of another repository (the org's `.github` repository for `_extends`, for instance).
   */
  files: Record<string, string>;
  /** This app's bot login, e.g. `agent-guardrails[bot]`. */
  app: string;
  /** `Organization` (default) or `User`: a personal-account repository, where `/orgs/...` is 404. */
  account?: "Organization" | "User";
  /** `public` (default) or `private`. */
  visibility?: "public" | "private";
  /** Branch names whose ref GitHub refuses to move by a direct update (422 "Protected branch update failed"). */
  protected_branches?: string[];
  /** What the installation was granted (scope → read|write|admin); default: app.yml's `default_permissions`. */
  installation_permissions?: Record<string, PermissionLevel>;
  /** Injected failures (see `Fault`). */
  faults?: Fault[];
  /** Attempts already in the App's webhook delivery log (`GET /app/hook/deliveries`), oldest first. */
  deliveries?: DeliveryAttempt[];
}

/** A GitHub App permission level. */
export type PermissionLevel = "read" | "write" | "admin";

/**
 * A failure the stand-in injects: `match` (a regular expression) is tested against `"METHOD PATH"`
 * (REST, path without query) or the GraphQL operation name (`convertPullRequestToDraft`).
 */
export interface Fault {
  match: string;
  /** The error answered; absent: a slow GitHub (`delay_ms`), the call applied and answered as usual. */
  status?: 500 | 502 | 403 | 429;
  /** Answer (success or error) only after this many real milliseconds: a slow GitHub. */
  delay_ms?: number;
  /** Apply the call first, then answer the error: a lost response. */
  after?: boolean;
  /** How many matching requests fail; default: every one. */
  times?: number;
  /** Sent as `retry-after` (seconds). */
  retry_after?: number;
  /** Hold the answer this long (real milliseconds) before sending it. */
  hang_ms?: number;
  /** Fail only every n-th matching request (1: every one, the default): a planned share of calls. */
  every?: number;
}

/** `{"files": {...}}`: from this moment the default branch holds these files (null deletes one). */
export interface FilesStep {
  kind: "files";
  line: number;
  /** PATH (of the world's repository) or `"owner/name:PATH"` → text, or null to delete. */
  files: Record<string, string | null>;
  at?: string;
}

/** `{"tick": ISO}`: advance the virtual clock, running every scheduled job due on the way. */
export interface TickStep {
  kind: "tick";
  line: number;
  at: string;
}

/** One line of a scenario after the world line, in file order. */
export type ScenarioStep = ({ kind: "event" } & ScenarioEvent) | FilesStep | TickStep;

/** One webhook delivery of a scenario. */
export interface ScenarioEvent {
  /** 1-based line number in the file, for reports and errors. */
  line: number;
  /** `X-GitHub-Event`. */
  name: string;
  payload: Record<string, unknown>;
  /** Virtual time of the delivery (ISO); absent keeps the previous event's time. */
  at?: string;
  /** `X-GitHub-Delivery`; a repeated id is a redelivery. Absent: one is generated. */
  id?: string;
}

/** A parsed scenario. */
export interface Scenario {
  world: World;
  /** The webhook lines only. */
  events: ScenarioEvent[];
  /** Every line after the world line, webhooks, `files` and `tick`, in order. */
  steps: ScenarioStep[];
}

/** A scenario file that cannot be run; the message names the line. */
export class ScenarioError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = "ScenarioError";
  }
}

/** The app login a world gets when the scenario names none. */
export const DEFAULT_APP_LOGIN = "agent-guardrails[bot]";

const ROLES: readonly RepoRole[] = ["none", "read", "triage", "write", "maintain", "admin"];

/**
 * Parses scenario text. World keys the file leaves out are taken from the first event's
 * `repository` (owner, name, default branch) or get empty defaults.
 */
export function parseScenario(text: string): Scenario {
  const events: ScenarioEvent[] = [];
  const steps: ScenarioStep[] = [];
  let worldLine: { line: number; value: Record<string, unknown> } | undefined;
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = index + 1;
    const source = lines[index]?.trim() ?? "";
    if (source === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (error) {
      throw new ScenarioError(line, `not valid JSON (${(error as Error).message})`);
    }
    if (!isObject(value)) throw new ScenarioError(line, "expected a JSON object");
    if ("world" in value && !("name" in value)) {
      if (worldLine !== undefined || events.length > 0) {
        throw new ScenarioError(line, "a world line may only be the first line");
      }
      if (!isObject(value.world)) throw new ScenarioError(line, '"world" must be an object');
      worldLine = { line, value: value.world };
      continue;
    }
    if ("tick" in value && !("name" in value)) {
      steps.push({ kind: "tick", line, at: isoTime(line, "tick", value.tick) });
      continue;
    }
    if ("files" in value && !("name" in value)) {
      steps.push(parseFilesStep(line, value));
      continue;
    }
    const event = parseEvent(line, value);
    events.push(event);
    steps.push({ kind: "event", ...event });
  }
  return { world: buildWorld(worldLine, events[0]), events, steps };
}

function parseEvent(line: number, value: Record<string, unknown>): ScenarioEvent {
  const { name, payload, at, id } = value;
  if (typeof name !== "string" || name === "") {
    throw new ScenarioError(line, 'an event needs "name" (the X-GitHub-Event name) as a non-empty string');
  }
  if (!isObject(payload)) throw new ScenarioError(line, `event "${name}" needs "payload" as a JSON object`);
  const event: ScenarioEvent = { line, name, payload };
  if (at !== undefined) event.at = isoTime(line, "at", at);
  if (id !== undefined) {
    if (typeof id !== "string" || id === "") throw new ScenarioError(line, '"id" must be a non-empty string');
    event.id = id;
  }
  return event;
}

function parseFilesStep(line: number, value: Record<string, unknown>): FilesStep {
  if (!isObject(value.files)) throw new ScenarioError(line, '"files" must map paths to file contents (or null to delete one)');
  const files: Record<string, string | null> = {};
  for (const [path, content] of Object.entries(value.files)) {
    if (content !== null && typeof content !== "string") throw new ScenarioError(line, `files["${path}"] must be a string or null`);
    files[path] = content;
  }
  const step: FilesStep = { kind: "files", line, files };
  if (value.at !== undefined) step.at = isoTime(line, "at", value.at);
  return step;
}

function isoTime(line: number, key: string, value: unknown): string {
  if (typeof value !== "string" || Number.isNaN(Date.parse(value))) {
    throw new ScenarioError(line, `"${key}" must be an ISO time string, got ${JSON.stringify(value)}`);
  }
  return new Date(value).toISOString();
}

const LEVELS: readonly PermissionLevel[] = ["read", "write", "admin"];
const FAULT_STATUSES: readonly number[] = [500, 502, 403, 429];

/** The world options of the 2026-12 contract additions; each is checked, absent ones stay absent. */
function worldOptions(line: number, raw: Record<string, unknown>): Partial<World> {
  const options: Partial<World> = {};
  if (raw.account !== undefined) {
    if (raw.account !== "Organization" && raw.account !== "User")
      throw new ScenarioError(line, 'world.account must be "Organization" or "User"');
    options.account = raw.account;
  }
  if (raw.visibility !== undefined) {
    if (raw.visibility !== "public" && raw.visibility !== "private")
      throw new ScenarioError(line, 'world.visibility must be "public" or "private"');
    options.visibility = raw.visibility;
  }
  if (raw.protected_branches !== undefined) {
    if (!Array.isArray(raw.protected_branches) || !raw.protected_branches.every((b) => typeof b === "string" && b !== "")) {
      throw new ScenarioError(line, "world.protected_branches must be an array of branch names");
    }
    options.protected_branches = [...(raw.protected_branches as string[])];
  }
  if (raw.installation_permissions !== undefined) {
    if (!isObject(raw.installation_permissions))
      throw new ScenarioError(line, "world.installation_permissions must map permission names to levels");
    const granted: Record<string, PermissionLevel> = {};
    for (const [scope, level] of Object.entries(raw.installation_permissions)) {
      if (!LEVELS.includes(level as PermissionLevel))
        throw new ScenarioError(line, `world.installation_permissions["${scope}"] must be one of ${LEVELS.join(", ")}`);
      granted[scope] = level as PermissionLevel;
    }
    options.installation_permissions = granted;
  }
  if (raw.faults !== undefined) {
    if (!Array.isArray(raw.faults)) throw new ScenarioError(line, "world.faults must be an array");
    options.faults = raw.faults.map((fault, index) => parseFault(line, index, fault));
  }
  if (raw.deliveries !== undefined) {
    if (!Array.isArray(raw.deliveries)) throw new ScenarioError(line, "world.deliveries must be an array");
    options.deliveries = raw.deliveries.map((delivery, index) => parseDelivery(line, index, delivery));
  }
  return options;
}

function parseDelivery(line: number, index: number, value: unknown): DeliveryAttempt {
  const where = `world.deliveries[${index}]`;
  if (!isObject(value)) throw new ScenarioError(line, `${where} must be an object`);
  for (const key of ["guid", "event"] as const) {
    if (typeof value[key] !== "string" || value[key] === "") throw new ScenarioError(line, `${where}.${key} must be a non-empty string`);
  }
  if (!isObject(value.payload)) throw new ScenarioError(line, `${where}.payload must be a JSON object`);
  const code = value.status_code;
  if (typeof code !== "number" || !Number.isInteger(code) || code < 0 || code > 599)
    throw new ScenarioError(line, `${where}.status_code must be an HTTP status (0: unreachable)`);
  const attempt: DeliveryAttempt = { guid: value.guid as string, event: value.event as string, payload: value.payload, status_code: code };
  if (value.delivered_at !== undefined)
    attempt.delivered_at = isoTime(line, `${where}.delivered_at`, value.delivered_at).replace(/\.\d{3}Z$/, "Z");
  if (value.redelivery !== undefined) {
    if (typeof value.redelivery !== "boolean") throw new ScenarioError(line, `${where}.redelivery must be true or false`);
    attempt.redelivery = value.redelivery;
  }
  return attempt;
}

function parseFault(line: number, index: number, value: unknown): Fault {
  const where = `world.faults[${index}]`;
  if (!isObject(value)) throw new ScenarioError(line, `${where} must be an object`);
  if (typeof value.match !== "string") throw new ScenarioError(line, `${where}.match must be a regular expression string`);
  try {
    new RegExp(value.match);
  } catch (error) {
    throw new ScenarioError(line, `${where}.match is not a valid regular expression (${(error as Error).message})`);
  }
  const slowOnly = value.status === undefined && value.delay_ms !== undefined;
  if (!slowOnly && !FAULT_STATUSES.includes(value.status as number)) {
    throw new ScenarioError(line, `${where}.status must be one of ${FAULT_STATUSES.join(", ")} (or absent, with delay_ms: a slow answer)`);
  }
  const fault: Fault = slowOnly ? { match: value.match } : { match: value.match, status: value.status as NonNullable<Fault["status"]> };
  if (value.after !== undefined) {
    if (typeof value.after !== "boolean") throw new ScenarioError(line, `${where}.after must be true or false`);
    fault.after = value.after;
  }
  if (value.every !== undefined && (typeof value.every !== "number" || !Number.isInteger(value.every) || value.every < 1)) {
    throw new ScenarioError(line, `${where}.every must be a whole number ≥ 1`);
  }
  if (value.every !== undefined) fault.every = value.every as number;
  for (const key of ["times", "retry_after", "hang_ms", "delay_ms"] as const) {
    const n = value[key];
    if (n === undefined) continue;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new ScenarioError(line, `${where}.${key} must be a whole number ≥ 0`);
    fault[key] = n;
  }
  return fault;
}

function buildWorld(worldLine: { line: number; value: Record<string, unknown> } | undefined, first: ScenarioEvent | undefined): World {
  const line = worldLine?.line ?? 1;
  const raw = worldLine?.value ?? {};
  const repository = isObject(first?.payload.repository) ? first.payload.repository : {};
  const repositoryOwner = isObject(repository.owner) ? repository.owner.login : undefined;

  const text = (key: string, fallback: unknown, otherwise: string): string => {
    const value = raw[key] ?? fallback;
    if (value === undefined) return otherwise;
    if (typeof value !== "string" || value === "") throw new ScenarioError(line, `world.${key} must be a non-empty string`);
    return value;
  };

  const permissions: Record<string, RepoRole> = {};
  if (raw.permissions !== undefined) {
    if (!isObject(raw.permissions)) throw new ScenarioError(line, "world.permissions must map logins to roles");
    for (const [login, role] of Object.entries(raw.permissions)) {
      if (!ROLES.includes(role as RepoRole)) {
        throw new ScenarioError(line, `world.permissions["${login}"] must be one of ${ROLES.join(", ")}`);
      }
      permissions[login] = role as RepoRole;
    }
  }

  const members = raw.members ?? [];
  if (!Array.isArray(members) || !members.every((m) => typeof m === "string")) {
    throw new ScenarioError(line, "world.members must be an array of logins");
  }

  const files: Record<string, string> = {};
  if (raw.files !== undefined) {
    if (!isObject(raw.files)) throw new ScenarioError(line, "world.files must map paths to file contents");
    for (const [path, content] of Object.entries(raw.files)) {
      if (typeof content !== "string") throw new ScenarioError(line, `world.files["${path}"] must be a string`);
      files[path] = content;
    }
  }

  return {
    owner: text("owner", repositoryOwner, "acme"),
    repo: text("repo", repository.name, "widgets"),
    default_branch: text("default_branch", repository.default_branch, "main"),
    permissions,
    members: [...(members as string[])],
    files,
    app: text("app", undefined, DEFAULT_APP_LOGIN),
    ...worldOptions(line, raw),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
