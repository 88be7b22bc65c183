import { afterEach, describe, expect, test } from "@jest/globals";
import type { StandIn } from "../../src/sim/github-stand-in.js";
import type { World } from "../../src/sim/scenario.js";
import { call, startStandIn } from "./stand-in-client.js";

let standIn: StandIn | undefined;
afterEach(() => standIn?.close());

async function start(overrides: Partial<World> = {}): Promise<StandIn> {
  standIn = await startStandIn(overrides);
  return standIn;
}

const permission = async (s: StandIn, login: string) =>
  call(s, "GET", `/repos/acme/widgets/collaborators/${encodeURIComponent(login)}/permission`);

describe("collaborator permission, as GitHub answers it", () => {
  test("a collaborator: role_name, and the legacy permission (maintain → write, triage → read)", async () => {
    const s = await start();
    expect((await permission(s, "keeper")).json).toMatchObject({ permission: "write", role_name: "maintain" });
    expect((await permission(s, "tri")).json).toMatchObject({ permission: "read", role_name: "triage" });
    expect((await permission(s, "maint")).json).toMatchObject({ permission: "admin", role_name: "admin" });
  });

  test("a non-collaborator: read on a public repository, 404 on a private one; a login with no account 404", async () => {
    const pub = await start();
    expect(await permission(pub, "stranger")).toMatchObject({ status: 200, json: { permission: "read", role_name: "read" } });
    expect((await permission(pub, "ghost-user")).status).toBe(404);
    await pub.close();
    const priv = await start({ visibility: "private" });
    expect((await permission(priv, "stranger")).status).toBe(404);
    expect((await permission(priv, "dev")).json).toMatchObject({ role_name: "write" });
  });

  test("collaborator check 204/404, members 204/404, users 200/404", async () => {
    const s = await start();
    expect((await call(s, "GET", "/repos/acme/widgets/collaborators/dev")).status).toBe(204);
    expect((await call(s, "GET", "/repos/acme/widgets/collaborators/stranger")).status).toBe(404);
    expect((await call(s, "GET", "/orgs/acme/members/dev")).status).toBe(204);
    expect((await call(s, "GET", "/orgs/acme/members/reader")).status).toBe(404);
    expect((await call(s, "GET", "/orgs/other/members/dev")).status).toBe(404);
    expect((await call(s, "GET", "/users/stranger")).status).toBe(200);
    expect((await call(s, "GET", "/users/ghost-user")).status).toBe(404);
  });

  test("the repository: private from visibility, owner type from account", async () => {
    const s = await start({ visibility: "private" });
    expect((await call(s, "GET", "/repos/acme/widgets")).json).toMatchObject({
      private: true,
      owner: { login: "acme", type: "Organization" },
    });
  });
});

describe("a personal account", () => {
  test("has no org: every /orgs path is 404; the owner is the repository's admin and a User", async () => {
    const s = await start({ owner: "alice", account: "User", members: ["dev"] });
    expect((await call(s, "GET", "/orgs/alice/members/dev")).status).toBe(404);
    expect((await call(s, "GET", "/orgs/alice/memberships/dev")).status).toBe(404);
    expect((await call(s, "GET", "/orgs/alice/installation")).status).toBe(404);
    expect((await call(s, "GET", "/repos/alice/widgets/collaborators/alice/permission")).json).toMatchObject({
      permission: "admin",
      role_name: "admin",
    });
    expect((await call(s, "GET", "/repos/alice/widgets")).json).toMatchObject({ owner: { login: "alice", type: "User" } });
    expect((await call(s, "GET", "/app/installations/1")).json).toMatchObject({ target_type: "User" });
  });
});
