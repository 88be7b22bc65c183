import { getVariableValues, GraphQLError, parse, validate, type DocumentNode, type OperationDefinitionNode } from "graphql";
import { githubGraphqlSchema } from "./github-graphql-schema.js";

/** One entry of GraphQL's `errors` array, as GitHub sends it. */
export interface GraphqlErrorEntry {
  message: string;
  locations?: { line: number; column: number }[];
  path?: readonly (string | number)[];
}

/**
 * Why GitHub would refuse a GraphQL request. A body that is not a GraphQL request at all is an
 * HTTP 400; a document GitHub cannot parse or validate, or variables that do not fit it, are
 * answered with HTTP 200 and an `errors` array (GraphQL's convention, which GitHub follows).
 */
export interface GraphqlRefusal {
  status: 200 | 400;
  /** One line per error, for the recording and test failures. */
  reason: string;
  /** The `errors` array to answer (status 200), or the `message` (status 400) in `reason`. */
  errors?: GraphqlErrorEntry[];
}

/** Checks a POST /graphql body against GitHub's schema: syntax, fields, arguments, enums, variables. */
export function checkGraphqlRequest(body: unknown): GraphqlRefusal | undefined {
  const request = body !== null && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  if (typeof request?.query !== "string") {
    return { status: 400, reason: "A query attribute must be specified and must be a string." };
  }
  const variables = request.variables ?? {};
  if (variables === null || typeof variables !== "object" || Array.isArray(variables)) {
    return { status: 400, reason: "Variables must be a JSON object." };
  }

  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    return refusal([error as GraphQLError]);
  }
  const schema = githubGraphqlSchema();
  const invalid = validate(schema, document);
  if (invalid.length > 0) return refusal(invalid);

  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
  const name = typeof request.operationName === "string" ? request.operationName : undefined;
  const operation =
    name === undefined ? (operations.length === 1 ? operations[0] : undefined) : operations.find((o) => o.name?.value === name);
  if (operation === undefined) {
    return refusal([
      new GraphQLError(
        name === undefined ? "An operation name is required when the document has several operations." : `No operation named "${name}".`,
      ),
    ]);
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables as Record<string, unknown>);
  if (coerced.errors !== undefined && coerced.errors.length > 0) return refusal(coerced.errors);
  return undefined;
}

function refusal(errors: readonly GraphQLError[]): GraphqlRefusal {
  const entries = errors.map((error) => {
    const entry: GraphqlErrorEntry = { message: error.message };
    if (error.locations !== undefined) entry.locations = error.locations.map(({ line, column }) => ({ line, column }));
    if (error.path !== undefined) entry.path = error.path;
    return entry;
  });
  return { status: 200, reason: entries.map((e) => e.message).join("\n"), errors: entries };
}
