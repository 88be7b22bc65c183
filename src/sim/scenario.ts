/**
 * The `simulate` scenario format (DESIGN.md "`simulate` contract"): JSON Lines, an optional first
 * `{"world": {...}}` line, then one webhook per line. Tools outside the project write these files,
 * so the parser is lenient about extra keys and strict about the ones it reads, and every error
 * names its line.
 */
import type { RepoRole } from "../github/github-adapter.js";

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
}

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
  events: ScenarioEvent[];
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
    events.push(parseEvent(line, value));
  }
  return { world: buildWorld(worldLine, events[0]), events };
}

function parseEvent(line: number, value: Record<string, unknown>): ScenarioEvent {
  const { name, payload, at, id } = value;
  if (typeof name !== "string" || name === "") {
    throw new ScenarioError(line, 'an event needs "name" (the X-GitHub-Event name) as a non-empty string');
  }
  if (!isObject(payload)) throw new ScenarioError(line, `event "${name}" needs "payload" as a JSON object`);
  const event: ScenarioEvent = { line, name, payload };
  if (at !== undefined) {
    if (typeof at !== "string" || Number.isNaN(Date.parse(at))) {
      throw new ScenarioError(line, `"at" must be an ISO time string, got ${JSON.stringify(at)}`);
    }
    event.at = new Date(at).toISOString();
  }
  if (id !== undefined) {
    if (typeof id !== "string" || id === "") throw new ScenarioError(line, '"id" must be a non-empty string');
    event.id = id;
  }
  return event;
}

function buildWorld(
  worldLine: { line: number; value: Record<string, unknown> } | undefined,
  first: ScenarioEvent | undefined,
): World {
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
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
