import { html, safeHref } from "../html.js";
import type { TripProgress } from "../owner-views.js";
import { renderLayout, type PageViewer } from "./render-layout.js";

/** Breakers and their incidents, with how far each containment got (outbox rows by trip tag). */
export function renderBreakersPage(viewer: PageViewer, trips: readonly TripProgress[]): string {
  const body =
    trips.length === 0
      ? html`<p class="empty">No breaker has tripped.</p>`
      : html`<table class="breakers">
          <thead>
            <tr>
              <th>Agent</th>
              <th>Scope</th>
              <th>State</th>
              <th>Tripped</th>
              <th>Reason</th>
              <th>Containment</th>
              <th>Incident</th>
            </tr>
          </thead>
          <tbody>
            ${trips.map((t) => {
              const total = t.applied + t.pending + t.failed;
              return html`<tr data-agent="${t.breaker.agent}" class="${t.breaker.state}">
                <td>${t.breaker.agent}</td>
                <td>${t.breaker.org}${t.breaker.repo ? ` (${t.breaker.repo})` : ""}</td>
                <td>${t.breaker.state}${t.breaker.resumedBy ? ` (resumed by ${t.breaker.resumedBy})` : ""}</td>
                <td>${(t.breaker.trippedAt ?? "").slice(0, 19).replace("T", " ")}</td>
                <td>${t.breaker.reason ?? ""}</td>
                <td>
                  <progress max="${Math.max(total, 1)}" value="${t.applied}"></progress> ${t.applied} applied, ${t.pending} pending,
                  ${t.failed} failed
                </td>
                <td>${t.incidentUrl ? html`<a href="${safeHref(t.incidentUrl)}">incident</a>` : "—"}</td>
              </tr>`;
            })}
          </tbody>
        </table>`;
  return renderLayout("Breakers and incidents", "/guardrails/breakers", viewer, body);
}
