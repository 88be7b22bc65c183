import { printable } from "../text/printable.js";

type Json = Record<string, unknown>;

/**
 * One line saying what a webhook reports someone did, for people reading the demo: "opened pull
 * request #42 “Add retries”". Payload text is hostile, so it goes through `printable`.
 */
export function describeEvent(name: string, payload: Json): string {
  const action = typeof payload.action === "string" ? payload.action : undefined;
  const pull = object(payload.pull_request);
  const issue = object(payload.issue);
  const comment = object(payload.comment);
  const review = object(payload.review);
  const title = (thread: Json | undefined) => (typeof thread?.title === "string" ? ` “${printable(thread.title, 60)}”` : "");
  const body = (text: unknown) => (typeof text === "string" ? `: “${printable(text, 100)}”` : "");
  const thread = (t: Json | undefined) => `${t?.pull_request !== undefined ? "pull request" : "issue"} #${String(t?.number ?? "?")}`;

  switch (name) {
    case "pull_request": {
      const ref = `pull request #${String(pull?.number ?? payload.number ?? "?")}`;
      const head = typeof object(pull?.head)?.sha === "string" ? ` (head ${(object(pull?.head)?.sha as string).slice(0, 7)})` : "";
      if (action === "synchronize") return `pushed new commits to ${ref}${head}`;
      if (action === "ready_for_review") return `marked ${ref} ready for review`;
      if (action === "converted_to_draft") return `converted ${ref} to a draft`;
      if (action === "closed") return `${pull?.merged === true ? "merged" : "closed"} ${ref}`;
      return `${action ?? "acted on"} ${pull?.draft === true ? "draft " : ""}${ref}${title(pull)}${action === "opened" ? head : ""}`;
    }
    case "issue_comment":
      return `${action === "edited" ? "edited a comment" : "commented"} on ${thread(issue)}${body(comment?.body)}`;
    case "pull_request_review":
      return `reviewed pull request #${String(pull?.number ?? "?")} (${String(review?.state ?? "?").toLowerCase()})${body(review?.body)}`;
    case "pull_request_review_comment":
      return `commented on the diff of pull request #${String(pull?.number ?? "?")}${body(comment?.body)}`;
    case "issues":
      return `${action ?? "acted on"} issue #${String(issue?.number ?? "?")}${title(issue)}`;
    case "push": {
      const commits = Array.isArray(payload.commits) ? payload.commits.length : 0;
      return `pushed ${commits} commit(s) to ${printable(String(payload.ref ?? "?"), 80)}`;
    }
    default:
      return `${name}${action !== undefined ? `.${action}` : ""}`;
  }
}

function object(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}
