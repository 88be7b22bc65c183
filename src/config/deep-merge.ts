/** A YAML/JSON mapping: the only kind of value that merges key by key. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Layers config values over a base, later layers winning: mappings merge key by key, every other
 * value (arrays included) replaces the one below, and `undefined` leaves it alone. Nothing passed
 * in is mutated or shared with the result, so callers can edit the result freely.
 */
export function deepMerge<T>(base: T, ...layers: unknown[]): T {
  let result: unknown = structuredClone(base);
  for (const layer of layers) result = mergeValue(result, layer);
  return result as T;
}

function mergeValue(below: unknown, above: unknown): unknown {
  if (above === undefined) return below;
  if (!isPlainObject(above) || !isPlainObject(below)) return structuredClone(above);
  const merged: Record<string, unknown> = { ...below };
  for (const [key, value] of Object.entries(above)) merged[key] = mergeValue(below[key], value);
  return merged;
}
