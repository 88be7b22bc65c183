import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** A file the dashboard serves: its bytes and content type. */
export interface Asset {
  type: string;
  body: Buffer;
}

const require = createRequire(import.meta.url);
/** The dashboard's own script and style ship in the package's `assets/dashboard/` (no build step). */
const OWN = new URL("../../../assets/dashboard/", import.meta.url);

const SOURCES: Record<string, { type: string; path: () => string | URL }> = {
  "uPlot.iife.min.js": { type: "text/javascript; charset=utf-8", path: () => require.resolve("uplot/dist/uPlot.iife.min.js") },
  "uPlot.min.css": { type: "text/css; charset=utf-8", path: () => require.resolve("uplot/dist/uPlot.min.css") },
  "dashboard.js": { type: "text/javascript; charset=utf-8", path: () => new URL("dashboard.js", OWN) },
  "dashboard.css": { type: "text/css; charset=utf-8", path: () => new URL("dashboard.css", OWN) },
};

const loaded = new Map<string, Asset>();

/** The asset of that name (read once), or null for any other name: nothing else on disk is reachable. */
export function staticAsset(name: string): Asset | null {
  const source = Object.hasOwn(SOURCES, name) ? SOURCES[name] : undefined;
  if (!source) return null;
  let asset = loaded.get(name);
  if (!asset) loaded.set(name, (asset = { type: source.type, body: readFileSync(source.path()) }));
  return asset;
}
