import { createHash } from "node:crypto";

/** A deterministic 40-hex sha for something the stand-in invents (a tree, a world's initial commit). */
export function fakeSha(seed: string): string {
  return createHash("sha1").update(seed).digest("hex");
}

/** A deterministic positive id for something the stand-in invents (a label, a user). */
export function idFrom(seed: string): number {
  return Number.parseInt(createHash("sha1").update(seed).digest("hex").slice(0, 7), 16);
}
