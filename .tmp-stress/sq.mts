import { openStore } from "../src/store/open-store.js";
import { sqliteDatabase } from "../test/store/store-backends.js";
const entry = { at: "2025-03-01T10:00:00.000Z", deliveryId: null, org: "acme", repo: "acme/widgets", actor: null as unknown as string, actorKind: "agent" as const, action: "push", targetNumber: null, targetNodeId: null, targetUrl: null, targetSha: null, verdict: "allowed", reasons: [], effects: [], detail: {} };
let odd = 0;
for (let i = 0; i < 300; i++) {
  const db = await sqliteDatabase();
  const s = await openStore(db.url);
  try {
    const r = await s.commitDecision({ deliveryId: "d", event: "e", at: entry.at, audit: entry, effects: [] });
    odd++; console.log("resolved", JSON.stringify(r));
  } catch (e) {
    if (!(e instanceof Error) || !/NOT NULL/.test(e.message)) { odd++; console.log("other", Object.prototype.toString.call(e), String(e)); }
  }
  await s.close(); await db.drop();
}
console.log("odd", odd);
