/**
 * Taking an account's access away and giving it back: repository collaborators and the
 * organization's blocks.
 *
 * `PUT /collaborators/{u}` gives an existing collaborator or an org member the role at once (204);
 * anyone else gets an invitation (201, the invitation as GitHub answers it) and no role until they
 * accept. The body's `permission` is GitHub's name (`pull`, `triage`, `push`, `maintain`, `admin`;
 * default `push`). `DELETE /collaborators/{u}` is 204 whether or not they were one. A login with
 * no account is 404. Both need administration: write. `PUT /orgs/{org}/blocks/{u}` blocks (204;
 * 422 when already blocked), `GET` is 204 blocked / 404 not, `DELETE` 204; they need
 * organization_user_blocking (read for GET, write else). `/orgs/...` of a personal account is 404
 * (the router checks `:org`).
 */
import type { RepoRole } from "../../github/github-adapter.js";
import { needs } from "../permission-grant.js";
import type { StandInState } from "../stand-in-state.js";
import { NO_CONTENT, created, notFound, unprocessable } from "./github-replies.js";
import { bodyOf, type Params, type Reply, type RestRequest, type RestRoute } from "./resource.js";

const COLLABORATOR_DOCS = "https://docs.github.com/rest/collaborators/collaborators";
const BLOCKS_DOCS = "https://docs.github.com/rest/orgs/blocking";

/** GitHub's `permission` names of the PUT body → the role it gives. */
const ROLE_OF: Record<string, RepoRole> = {
  pull: "read",
  read: "read",
  triage: "triage",
  push: "write",
  write: "write",
  maintain: "maintain",
  admin: "admin",
};

const ADMINISTRATION_WRITE = [needs("administration", "write")];

/** REST routes of access. */
export const accessRoutes: RestRoute[] = [
  { method: "PUT", pattern: "/repos/:owner/:repo/collaborators/:user", permission: ADMINISTRATION_WRITE, answer: addCollaborator },
  {
    method: "DELETE",
    pattern: "/repos/:owner/:repo/collaborators/:user",
    permission: ADMINISTRATION_WRITE,
    answer: (state, p) => {
      if (!state.people.exists(p.user as string)) return notFound(`${COLLABORATOR_DOCS}#remove-a-repository-collaborator`);
      state.people.setRole(p.user as string, "none");
      state.people.invitations.delete(p.user as string);
      return NO_CONTENT;
    },
  },
  {
    method: "GET",
    pattern: "/orgs/:org/blocks/:user",
    permission: [needs("organization_user_blocking", "read")],
    answer: (state, p) =>
      state.people.blocked.has(p.user as string) ? NO_CONTENT : notFound(`${BLOCKS_DOCS}#check-if-a-user-is-blocked-by-an-organization`),
  },
  {
    method: "PUT",
    pattern: "/orgs/:org/blocks/:user",
    permission: [needs("organization_user_blocking", "write")],
    answer: (state, p) => {
      const login = p.user as string;
      if (!state.people.exists(login)) return notFound(`${BLOCKS_DOCS}#block-a-user-from-an-organization`);
      if (state.people.blocked.has(login))
        return unprocessable("Blocked user has already been blocked", undefined, `${BLOCKS_DOCS}#block-a-user-from-an-organization`);
      state.people.blocked.add(login);
      return NO_CONTENT;
    },
  },
  {
    method: "DELETE",
    pattern: "/orgs/:org/blocks/:user",
    permission: [needs("organization_user_blocking", "write")],
    answer: (state, p) => {
      state.people.blocked.delete(p.user as string);
      return NO_CONTENT;
    },
  },
];

function addCollaborator(state: StandInState, p: Params, request: RestRequest): Reply {
  const login = p.user as string;
  if (!state.people.exists(login)) return notFound(`${COLLABORATOR_DOCS}#add-a-repository-collaborator`);
  const asked = bodyOf(request).permission;
  const role = ROLE_OF[typeof asked === "string" ? asked : "push"];
  if (role === undefined)
    return unprocessable(
      "Validation Failed",
      [{ resource: "Repository", field: "permission", code: "invalid" }],
      `${COLLABORATOR_DOCS}#add-a-repository-collaborator`,
    );
  const owner = p.owner as string;
  if (state.people.role(login) !== "none" || state.people.isMember(owner, login)) {
    state.people.setRole(login, role);
    return NO_CONTENT;
  }
  state.people.invitations.set(login, role);
  const id = state.newId();
  return created({
    id,
    node_id: `RI_standin${id}`,
    repository: { full_name: `${owner}/${p.repo as string}` },
    invitee: state.people.account(login),
    inviter: state.people.account(state.world.app),
    permissions: typeof asked === "string" ? asked : "write",
    created_at: state.now(),
    expired: false,
    url: `https://api.github.com/user/repository_invitations/${id}`,
    html_url: `https://github.com/${owner}/${p.repo as string}/invitations`,
  });
}
