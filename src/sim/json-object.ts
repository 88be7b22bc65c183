/** A JSON object as the stand-in stores and serves it. */
export type JsonObject = Record<string, unknown>;

/** The value when it is a JSON object. */
export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** The keys of `body` that are set, and only those: what a PATCH changes. */
export function pick(body: JsonObject | undefined, keys: string[]): JsonObject {
  const picked: JsonObject = {};
  for (const key of keys) if (body?.[key] !== undefined) picked[key] = body[key];
  return picked;
}
