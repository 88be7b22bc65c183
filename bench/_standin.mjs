import { startGitHubStandIn } from "/work/main/lib/sim/github-stand-in.js";
import { WORLD } from "/work/main/bench/payloads.js";
const s = await startGitHubStandIn(structuredClone(WORLD));
process.on("message", (m) => { if (m.type === "observe") { s.observe(m.name, m.payload); process.send({ type: "ok" }); } else if (m.type === "close") { s.close().then(() => process.disconnect()); } });
process.send({ type: "url", url: s.url });
