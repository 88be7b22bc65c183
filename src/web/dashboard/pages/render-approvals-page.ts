import { html, safeHref } from "../html.js";
import type { PendingApproval } from "../owner-views.js";
import { renderLayout, type PageViewer } from "./render-layout.js";

/**
 * What waits for a maintainer, with links; Approve / Reject buttons for people signed in with
 * GitHub (a token session has no GitHub identity to authorize: it is read-only).
 */
export function renderApprovalsPage(viewer: PageViewer, pending: readonly PendingApproval[], notice?: string): string {
  const canDecide = viewer.kind === "github";
  const body = html`${notice ? html`<p class="notice" role="status">${notice}</p>` : ""}
${!canDecide ? html`<p class="hint">Sign in with GitHub to approve or reject: the dashboard token is read-only.</p>` : ""}
${pending.length === 0
    ? html`<p class="empty">Nothing waits for a human.</p>`
    : html`<table class="approvals"><thead><tr><th>Repository</th><th>Item</th><th>Agent</th><th>Since</th><th>Why</th>${canDecide ? html`<th>Decide</th>` : ""}</tr></thead><tbody>
${pending.map((p) => html`<tr data-item="${p.repo}#${p.number}"><td>${p.repo}</td><td><a href="${safeHref(p.url)}">#${p.number}</a> <small>${p.kind}</small></td><td>${p.agent}</td>
<td>${p.since.slice(0, 16).replace("T", " ")}</td><td>${p.reason}</td>
${canDecide
    ? html`<td><form method="post" action="/guardrails/approvals/decide"><input type="hidden" name="csrf" value="${viewer.csrf}">
<input type="hidden" name="repo" value="${p.repo}"><input type="hidden" name="number" value="${p.number}">
<button type="submit" name="decision" value="approve">Approve</button> <button type="submit" name="decision" value="reject">Reject</button></form></td>`
    : ""}</tr>`)}
</tbody></table>`}`;
  return renderLayout("Pending approvals", "/guardrails/approvals", viewer, body);
}
