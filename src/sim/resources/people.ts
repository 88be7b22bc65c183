/**
 * People: users, the repository's collaborators and the organization's members.
 *
 * A login is known when the world names it (`permissions`, `members`, `owner`, `app`) or a webhook
 * carried it (any object with a `login`: sender, authors, assignees); anyone else is 404 at
 * `/users/{u}` and at the permission endpoint. A collaborator is a login with a role other than
 * none; on a personal account (`world.account: "User"`) the owner is the repository's admin and
 * there is no organization, so every `/orgs/...` route is 404 (the router checks `:org`).
 */
import { idFrom } from "../fake-sha.js";
import { asObject, type JsonObject } from "../json-object.js";
import { needs } from "../permission-grant.js";
import type { RepoRole } from "../../github/github-adapter.js";
import type { World } from "../scenario.js";
import type { StandInState } from "../stand-in-state.js";
import { NO_CONTENT, notFound, ok } from "./github-replies.js";
import { paginate } from "./paginate.js";
import type { RestRoute } from "./resource.js";

/** The people slice of the stand-in. */
export class People {
  private readonly known = new Set<string>();

  constructor(private readonly world: World) {
    for (const login of [world.owner, world.app, ...world.members, ...Object.keys(world.permissions)]) this.known.add(login);
  }

  /** Whether GitHub has an account by that login. */
  exists(login: string): boolean {
    return this.known.has(login);
  }

  /** Remembers every account a webhook payload names, at any depth. */
  observe(payload: unknown): void {
    const walk = (value: unknown, depth: number): void => {
      if (depth > 6) return;
      if (Array.isArray(value)) for (const item of value) walk(item, depth + 1);
      const object = asObject(value);
      if (!object) return;
      if (typeof object.login === "string" && (object.id !== undefined || object.type !== undefined)) this.known.add(object.login);
      for (const child of Object.values(object)) if (typeof child === "object") walk(child, depth + 1);
    };
    walk(payload, 0);
  }

  /** Logins the organization blocked. */
  readonly blocked = new Set<string>();
  /** Invitations to collaborate sent (login → the role offered); the role holds only once accepted. */
  readonly invitations = new Map<string, RepoRole>();

  /** Gives a login a role on the world's repository (`none` removes it as a collaborator). */
  setRole(login: string, role: RepoRole): void {
    if (role === "none") delete this.world.permissions[login];
    else this.world.permissions[login] = role;
  }

  /** Whether the repository's owner is an organization. */
  get isOrganization(): boolean {
    return (this.world.account ?? "Organization") === "Organization";
  }

  /** The login's role on the world's repository: the owner of a personal account is its admin. */
  role(login: string): RepoRole {
    if (!this.isOrganization && login === this.world.owner) return "admin";
    return this.world.permissions[login] ?? "none";
  }

  /** Logins with a role other than none, in a stable order. */
  collaborators(): string[] {
    const logins = Object.keys(this.world.permissions).filter((login) => this.role(login) !== "none");
    if (!this.isOrganization && !logins.includes(this.world.owner)) logins.unshift(this.world.owner);
    return logins;
  }

  /** Whether `org` is the world's organization and `login` one of its members. */
  isMember(org: string, login: string): boolean {
    return this.isOrganization && org === this.world.owner && this.world.members.includes(login);
  }

  /** An account object for a login, typed by the `[bot]` suffix (the world's owner by `account`). */
  account(login: string): JsonObject {
    const bot = login.endsWith("[bot]");
    const type = bot ? "Bot" : login === this.world.owner && this.isOrganization ? "Organization" : "User";
    return {
      login,
      id: idFrom(`user:${login}`),
      node_id: `${bot ? "BOT" : type === "Organization" ? "O" : "U"}_standin${idFrom(`user:${login}`)}`,
      type,
      site_admin: false,
      html_url: `https://github.com/${bot ? `apps/${login.replace(/\[bot\]$/, "")}` : login}`,
    };
  }
}

/** The legacy `permission` GitHub derives from a role: maintain → write, triage → read. */
const LEGACY: Record<RepoRole, string> = { admin: "admin", maintain: "write", write: "write", triage: "read", read: "read", none: "none" };

const METADATA_READ = [needs("metadata", "read")];

/** REST routes of people. */
export const peopleRoutes: RestRoute[] = [
  {
    method: "GET",
    pattern: "/users/:user",
    permission: [],
    answer: (state, p) => (state.people.exists(p.user as string) ? ok(state.people.account(p.user as string)) : notFound()),
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/collaborators/:user/permission",
    permission: METADATA_READ,
    answer: permission,
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/collaborators/:user",
    permission: METADATA_READ,
    answer: (state, p) => (state.people.role(p.user as string) === "none" ? notFound() : NO_CONTENT),
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/collaborators",
    permission: METADATA_READ,
    answer: (state, _p, request) =>
      paginate(
        request,
        state.people.collaborators().map((login) => {
          const role = state.people.role(login);
          return { ...state.people.account(login), role_name: role, permissions: basePermissions(role) };
        }),
      ),
  },
  {
    method: "GET",
    pattern: "/orgs/:org/members/:user",
    permission: [needs("members", "read")],
    answer: (state, p) => (state.people.isMember(p.org as string, p.user as string) ? NO_CONTENT : notFound()),
  },
  {
    method: "GET",
    pattern: "/orgs/:org/memberships/:user",
    permission: [needs("members", "read")],
    answer: (state, p) =>
      state.people.isMember(p.org as string, p.user as string)
        ? ok({ state: "active", role: "member", organization: { login: p.org }, user: state.people.account(p.user as string) })
        : notFound(),
  },
];

/**
 * A collaborator gets their role. Someone who is not one: on a public repository everyone can
 * read, and GitHub answers 200 `read` for any user (aws-ia/cloudformation-github-resource-providers#14:
 * "the permission was always 'read' assigned to every user" on public repos); on a private one
 * the user has no access and GitHub answers 404 (tokens-studio/figma-plugin#819). A login with
 * no account is 404 either way.
 */
function permission(state: StandInState, p: Record<string, string>) {
  const login = p.user as string;
  if (!state.people.exists(login))
    return notFound("https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user");
  let role = state.people.role(login);
  if (role === "none") {
    if ((state.world.visibility ?? "public") === "private")
      return notFound("https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user");
    role = "read";
  }
  return ok({ permission: LEGACY[role], role_name: role, user: { ...state.people.account(login), permissions: basePermissions(role) } });
}

function basePermissions(role: RepoRole): Record<string, boolean> {
  const rank = ["none", "read", "triage", "write", "maintain", "admin"].indexOf(role);
  return { pull: rank >= 1, triage: rank >= 2, push: rank >= 3, maintain: rank >= 4, admin: rank >= 5 };
}
