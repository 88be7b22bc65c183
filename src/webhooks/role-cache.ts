import type { RepoRole } from "../policy/repo-role.js";

/**
 * A short-lived cache of commenters' roles and org memberships: a burst of commands or agent
 * comments costs one read per person, and a changed role takes effect within a minute.
 */
export class RoleCache {
  private readonly roles = new Map<string, { value: RepoRole; until: number }>();
  private readonly members = new Map<string, { value: boolean; until: number }>();
  constructor(private readonly ttlMs = 60_000) {}

  get(key: string, now: Date, load: () => Promise<RepoRole>): Promise<RepoRole> {
    return cached(this.roles, key, now, this.ttlMs, load);
  }

  member(key: string, now: Date, load: () => Promise<boolean>): Promise<boolean> {
    return cached(this.members, key, now, this.ttlMs, load);
  }
}

async function cached<T>(
  map: Map<string, { value: T; until: number }>,
  key: string,
  now: Date,
  ttlMs: number,
  load: () => Promise<T>,
): Promise<T> {
  const hit = map.get(key);
  if (hit && hit.until > now.getTime()) return hit.value;
  const value = await load();
  map.set(key, { value, until: now.getTime() + ttlMs });
  return value;
}
