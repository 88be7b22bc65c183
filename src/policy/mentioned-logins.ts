/** @-mentioned user logins outside code spans and blocks; team mentions (`@org/team`) are inside by definition. */
export function mentionedLogins(body: string): string[] {
  const text = body.replace(/```[\s\S]*?```/g, "").replace(/`[^`]*`/g, "");
  const logins = new Set<string>();
  for (const match of text.matchAll(/(?:^|[^\w`])@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))(?![\w/-])/g)) logins.add(match[1]!);
  return [...logins];
}
