import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

let cached: GraphQLSchema | undefined;

/**
 * GitHub's public GraphQL schema from @octokit/graphql-schema, built once on first use.
 *
 * Built from the package's introspection result (`schema.json`) rather than its SDL
 * (`schema.graphql`): about 0.4 s here instead of 1.1 s, and GitHub's SDL defines some fields twice,
 * which `buildSchema` refuses unless told to skip SDL validation. Neither file is in the package's
 * `exports` (and importing the package parses the 5 MB JSON eagerly), so it is found by path.
 */
export function githubGraphqlSchema(): GraphQLSchema {
  if (cached === undefined) {
    const introspection = JSON.parse(readFileSync(schemaFile(), "utf8")) as { data?: IntrospectionQuery } & IntrospectionQuery;
    cached = buildClientSchema(introspection.data ?? introspection, { assumeValid: true });
  }
  return cached;
}

/** The package's `schema.json`, looked up the way Node resolves the package from this module. */
function schemaFile(): string {
  const require = createRequire(import.meta.url);
  for (const modules of require.resolve.paths("@octokit/graphql-schema") ?? []) {
    const file = join(modules, "@octokit", "graphql-schema", "schema.json");
    if (existsSync(file)) return file;
  }
  throw new Error("@octokit/graphql-schema is not installed: the stand-in needs GitHub's GraphQL schema");
}
