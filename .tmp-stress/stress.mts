import { openStore } from "../src/store/open-store.js";
import { postgresDatabase } from "../test/store/store-backends.js";
const entry = { at: "2025-03-01T10:00:00.000Z", deliveryId: null, org: "acme", repo: "acme/widgets", actor: "bot", actorKind: "agent" as const, action: "push", targetNumber: null, targetNodeId: null, targetUrl: null, targetSha: null, verdict: "allowed", reasons: [], effects: [], detail: {} };
let failures = 0;
for (let i = 0; i < 30; i++) {
  const db = await postgresDatabase();
  try {
    const s = await openStore(db.url);
    await s.appendAudit(entry);
    await s.close();
    const s2 = await openStore(db.url);
    const rows = await s2.listAudit();
    if (rows.length !== 1) { failures++; console.log("rows", rows.length, db.url); }
    await s2.close();
  } catch (e) { failures++; console.log("error", (e as Error).message); }
  await db.drop();
}
console.log("failures", failures);
