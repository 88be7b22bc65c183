import { accessRoutes } from "./access.js";
import { actionRoutes } from "./actions.js";
import { checkRoutes } from "./checks.js";
import { commentFields, commentRoutes } from "./comments.js";
import { discussionFields } from "./discussions.js";
import { gitRoutes } from "./git.js";
import { hookDeliveryRoutes } from "./hook-deliveries.js";
import { issueRoutes } from "./issues.js";
import { labelRoutes } from "./labels.js";
import { nodeFields } from "./nodes.js";
import { peopleRoutes } from "./people.js";
import { pullFields, pullRoutes } from "./pulls.js";
import type { GraphqlResolver, RestRoute } from "./resource.js";
import { releaseRoutes } from "./releases.js";
import { repositoryRoutes } from "./repositories.js";
import { reviewFields, reviewRoutes } from "./reviews.js";
import { userSessionRoutes } from "./user-sessions.js";

/**
 * Every REST route of the stand-in, resource by resource. Order matters only where patterns
 * overlap (`issues/comments/:id` before `issues/:number`), so the comment routes come first.
 */
export const REST_ROUTES: readonly RestRoute[] = [
  ...repositoryRoutes,
  ...hookDeliveryRoutes,
  ...peopleRoutes,
  ...accessRoutes,
  ...commentRoutes,
  ...reviewRoutes,
  ...pullRoutes,
  ...labelRoutes,
  ...issueRoutes,
  ...checkRoutes,
  ...gitRoutes,
  ...releaseRoutes,
  ...actionRoutes,
  ...userSessionRoutes,
];

/** Every GraphQL field the stand-in answers. */
export const GRAPHQL_FIELDS: readonly GraphqlResolver[] = [
  ...pullFields,
  ...commentFields,
  ...discussionFields,
  ...reviewFields,
  ...nodeFields,
];
