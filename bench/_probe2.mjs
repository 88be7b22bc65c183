import { readFileSync } from "node:fs";
function agg(file) {
  const s = JSON.parse(readFileSync(file, "utf8"));
  const f = s.snapshot.meta.node_fields, n = f.length, types = s.snapshot.meta.node_types[0];
  const ti = f.indexOf("type"), ni = f.indexOf("name"), si = f.indexOf("self_size");
  const m = new Map();
  for (let i = 0; i < s.nodes.length; i += n) {
    const k = types[s.nodes[i+ti]] + ":" + (types[s.nodes[i+ti]]==="string"?"":s.strings[s.nodes[i+ni]]).slice(0,80);
    const e = m.get(k) ?? [0,0]; e[0]++; e[1]+=s.nodes[i+si]; m.set(k,e);
  }
  return m;
}
const a = agg("/tmp/h0.heapsnapshot"), b = agg("/tmp/h1.heapsnapshot");
const d = [];
for (const [k,[c,sz]] of b) { const [c0,s0] = a.get(k) ?? [0,0]; d.push([k, c-c0, sz-s0]); }
d.sort((x,y)=>y[2]-x[2]); for (const r of d.slice(0,25)) console.log(r.join("\t"));
