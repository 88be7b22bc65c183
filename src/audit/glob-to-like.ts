/**
 * A glob as people type it (`effect.*`, `*-agent[bot]`, `acme/?idget`) → a SQL LIKE pattern with
 * a backslash as the escape: the text's own `%`, `_` and `\` match only themselves, `*` is any
 * run of characters and `?` one character. Case is left alone: the query folds both sides.
 */
export function globToLike(glob: string): string {
  return glob.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/[*?]/g, (c) => (c === "*" ? "%" : "_"));
}
