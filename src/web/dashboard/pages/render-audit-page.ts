import type { AuditRow } from "../../../store/store.js";
import { html, safeHref } from "../html.js";
import { renderLayout, type PageViewer } from "./render-layout.js";

/** The audit page's filters, as typed in its form (the CLI's parameters). */
export interface AuditPageFilters {
  actor?: string;
  repo?: string;
  action?: string;
  verdict?: string;
  since?: string;
  until?: string;
}

const FIELDS: { name: keyof AuditPageFilters; label: string; placeholder: string }[] = [
  { name: "actor", label: "Agent", placeholder: "copilot* or a login" },
  { name: "repo", label: "Repository", placeholder: "owner/name" },
  { name: "action", label: "Action", placeholder: "effect.*" },
  { name: "verdict", label: "Verdict", placeholder: "gate" },
  { name: "since", label: "Since", placeholder: "7d, 24h, ISO" },
  { name: "until", label: "Until", placeholder: "ISO" },
];

/** The audit log with its filter form, paging and CSV/JSON export of the same query. */
export function renderAuditPage(
  viewer: PageViewer,
  input: { filters: AuditPageFilters; rows: readonly AuditRow[]; total: number; offset: number; limit: number; error?: string },
): string {
  const { filters, rows, total, offset, limit } = input;
  const query = (extra: Record<string, string>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
    for (const [k, v] of Object.entries(extra)) params.set(k, v);
    return params.toString();
  };
  const body = html`<form method="get" action="/guardrails/audit" class="filters">
      ${FIELDS.map((f) => html`<label>${f.label} <input name="${f.name}" value="${filters[f.name] ?? ""}" placeholder="${f.placeholder}" /></label>`)}
      <button type="submit">Filter</button>
    </form>
    ${input.error ? html`<p class="error" role="alert">${input.error}</p>` : ""}
    <p class="count">
      ${total === 0 ? "No rows" : `Rows ${offset + 1}–${offset + rows.length} of ${total}`} ·
      <a href="/guardrails/api/audit?${query({ format: "csv", limit: "10000" })}" download="audit.csv">Export CSV</a> ·
      <a href="/guardrails/api/audit?${query({ format: "json", limit: "10000" })}" download="audit.json">Export JSON</a>
    </p>
    <table class="audit">
      <thead>
        <tr>
          <th>Time (UTC)</th>
          <th>Repository</th>
          <th>Actor</th>
          <th>Action</th>
          <th>Verdict</th>
          <th>Target</th>
          <th>Reasons</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr>
              <td>${r.at.slice(0, 19).replace("T", " ")}</td>
              <td>${r.repo}</td>
              <td>${r.actor}</td>
              <td>${r.action}</td>
              <td>${r.verdict}</td>
              <td>${r.targetNumber !== null ? html`<a href="${safeHref(r.targetUrl)}">#${r.targetNumber}</a>` : ""}</td>
              <td>${r.reasons.join("; ")}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <nav class="paging">
      ${offset > 0 ? html`<a rel="prev" href="/guardrails/audit?${query({ offset: String(Math.max(0, offset - limit)) })}">Newer</a>` : ""}
      ${offset + rows.length < total ? html`<a rel="next" href="/guardrails/audit?${query({ offset: String(offset + limit) })}">Older</a>` : ""}
    </nav>`;
  return renderLayout("Audit log", "/guardrails/audit", viewer, body);
}
