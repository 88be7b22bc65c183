import { html, safeHref } from "../html.js";
import { DECIDABLE_KINDS, type PendingApproval } from "../owner-views.js";
import { renderLayout, type PageViewer } from "./render-layout.js";

const KIND_LABEL: Record<string, string> = {
  pull_request: "pull request: its head waits for approval",
  comment: "comment held or hidden until approved",
  release: "release drafted: publish it by hand",
  incident: "breaker open: /guardrails resume",
};

/**
 * What waits for a maintainer, with links; Approve / Reject buttons for people signed in with
 * GitHub (a token session has no GitHub identity to authorize: it is read-only).
 */
export function renderApprovalsPage(viewer: PageViewer, pending: readonly PendingApproval[], notice?: string): string {
  const canDecide = viewer.kind === "github";
  const body = html`${notice ? html`<p class="notice" role="status">${notice}</p>` : ""}
  ${!canDecide ? html`<p class="hint">Sign in with GitHub to approve or reject: the dashboard token is read-only.</p>` : ""}
  ${
    pending.length === 0
      ? html`<p class="empty">Nothing waits for a human.</p>`
      : html`<table class="approvals">
          <thead>
            <tr>
              <th>Repository</th>
              <th>Item</th>
              <th>Agent</th>
              <th>Waiting since</th>
              ${canDecide ? html`<th>Decide</th>` : ""}
            </tr>
          </thead>
          <tbody>
            ${pending.map(
              (p) =>
                html`<tr data-item="${p.repo}#${p.number ?? ""}" data-kind="${p.kind}">
                  <td>${p.repo}</td>
                  <td>
                    ${p.url ? html`<a href="${safeHref(p.url)}">${p.number !== null ? `#${p.number}` : "link"}</a>` : p.number !== null ? `#${p.number}` : ""}
                    <small>${KIND_LABEL[p.kind] ?? p.kind}</small>
                  </td>
                  <td>${p.agent}</td>
                  <td>${p.since.slice(0, 16).replace("T", " ")}</td>
                  ${
                    canDecide && p.number !== null && DECIDABLE_KINDS.has(p.kind)
                      ? html`<td>
                          <form method="post" action="/guardrails/approvals/decide">
                            <input type="hidden" name="csrf" value="${viewer.csrf}" />
                            <input type="hidden" name="repo" value="${p.repo}" /><input
                              type="hidden"
                              name="number"
                              value="${p.number}"
                            />${p.kind === "comment" && p.url ? html`<input type="hidden" name="url" value="${p.url}" />` : ""}
                            <button type="submit" name="decision" value="approve">Approve</button>
                            <button type="submit" name="decision" value="reject">Reject</button>
                          </form>
                        </td>`
                      : canDecide
                        ? html`<td></td>`
                        : ""
                  }
                </tr>`,
            )}
          </tbody>
        </table>`
  }`;
  return renderLayout("Pending approvals", "/guardrails/approvals", viewer, body);
}
