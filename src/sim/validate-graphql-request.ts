import { checkGraphqlRequest } from "./check-graphql-request.js";

/**
 * Why GitHub would refuse this POST /graphql body (syntax error, unknown field, wrong enum value,
 * missing argument, variables that do not fit their definitions), or undefined when it is valid.
 */
export function validateGraphqlRequest(body: unknown): string | undefined {
  return checkGraphqlRequest(body)?.reason;
}
