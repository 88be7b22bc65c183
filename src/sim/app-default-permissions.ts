import type { PermissionLevel, World } from "./scenario.js";

/**
 * app.yml's `default_permissions`: what an installation is granted unless the scenario says
 * otherwise. A constant rather than a file read, so the packaged CLI needs no app.yml at run time;
 * a test keeps it equal to app.yml.
 */
export const APP_DEFAULT_PERMISSIONS: Readonly<Record<string, PermissionLevel>> = {
  contents: "write",
  pull_requests: "write",
  checks: "write",
  issues: "write",
  discussions: "read",
  members: "read",
  metadata: "read",
  actions: "read",
};

/** What the world's installation was granted: `installation_permissions`, else app.yml's defaults. */
export function grantedPermissions(world: World): Record<string, PermissionLevel> {
  return { ...(world.installation_permissions ?? APP_DEFAULT_PERMISSIONS) };
}
