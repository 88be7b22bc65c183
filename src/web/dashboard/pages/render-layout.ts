import { html, type SafeHtml } from "../html.js";

/** Who is looking at a page, as the layout shows it. */
export interface PageViewer {
  /** `token` sessions have no GitHub identity (read-only); `github` ones name the user. */
  kind: "token" | "github";
  login?: string;
  /** For the sign-out form. */
  csrf: string;
}

const NAV = [
  ["/guardrails", "Agents"],
  ["/guardrails/breakers", "Breakers"],
  ["/guardrails/approvals", "Approvals"],
  ["/guardrails/audit", "Audit log"],
] as const;

/** The page around every view: navigation, who is signed in, the served CSS and scripts (no inline script: the CSP forbids it). */
export function renderLayout(title: string, current: string, viewer: PageViewer | null, body: SafeHtml): string {
  const nav = NAV.map(([href, label]) => html`<a href="${href}" ${href === current ? html` aria-current="page"` : ""}>${label}</a>`);
  const who = viewer
    ? html`<form class="who" method="post" action="/guardrails/logout">
        <span>${viewer.kind === "github" ? `Signed in as ${viewer.login}` : "Signed in with the dashboard token (read-only)"}</span>
        <input type="hidden" name="csrf" value="${viewer.csrf}" /><button type="submit">Sign out</button>
      </form>`
    : "";
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · agent-guardrails</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/guardrails/assets/uPlot.min.css" />
        <link rel="stylesheet" href="/guardrails/assets/dashboard.css" />
        <script src="/guardrails/assets/uPlot.iife.min.js" defer></script>
        <script src="/guardrails/assets/dashboard.js" defer></script>
      </head>
      <body>
        <header>
          <strong>agent-guardrails</strong>
          <nav>${viewer ? nav : ""}</nav>
          ${who}
        </header>
        <main>
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html> `.value;
}
