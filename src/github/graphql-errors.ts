/** The `type` of each GraphQL error an Octokit GraphQL error carries (upper case: NOT_FOUND, UNPROCESSABLE, …). */
export function graphqlTypes(error: unknown): string[] {
  const errors = (error as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((e) => String((e as { type?: unknown } | null)?.type ?? "").toUpperCase());
}

/** The `message` of each GraphQL error an Octokit GraphQL error carries. */
export function graphqlMessages(error: unknown): string[] {
  const errors = (error as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((e) => String((e as { message?: unknown } | null)?.message ?? ""));
}
