/**
 * The permissions each installation was granted (GET /app/installations/{id}), kept for a while so
 * that a burst of drills costs one read. An owner who grants a permission the drill said was
 * missing sees it at once: `installation.new_permissions_accepted` drops the entry, and the TTL
 * catches a change whose webhook was lost. Hand-written rather than lru-cache because the TTL runs
 * on the app's clock, which `simulate` makes virtual; lru-cache measures real time.
 */
export class InstallationPermissionCache {
  private readonly entries = new Map<number, { value: Readonly<Record<string, string>>; until: number }>();
  constructor(private readonly ttlMs = 10 * 60_000) {}

  async get(installationId: number, now: Date, load: () => Promise<Record<string, string>>): Promise<Readonly<Record<string, string>>> {
    const hit = this.entries.get(installationId);
    if (hit && hit.until > now.getTime()) return hit.value;
    const value = await load();
    this.entries.set(installationId, { value, until: now.getTime() + this.ttlMs });
    return value;
  }

  /** The owner changed what the installation may do: read it again next time. */
  forget(installationId: number): void {
    this.entries.delete(installationId);
  }
}
