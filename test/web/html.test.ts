import { describe, expect, test } from "@jest/globals";
import { html, jsonScript, safeHref } from "../../src/web/dashboard/html.js";
import { renderAuditPage } from "../../src/web/dashboard/pages/render-audit-page.js";
import type { AuditRow } from "../../src/store/store.js";

describe("the dashboard's escaping", () => {
  test("every interpolated value is escaped, nested html is kept", () => {
    const hostile = `<img src=x onerror="alert(1)"> & 'q' \``;
    expect(html`<p title="${hostile}">${hostile}</p>`.value).toBe(
      '<p title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;q&#39; &#96;">&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;q&#39; &#96;</p>',
    );
    expect(html`<ul>${["<a>", html`<li>ok</li>`]}</ul>`.value).toBe("<ul>&lt;a&gt;<li>ok</li></ul>");
    expect(html`${null}${undefined}${false}${0}`.value).toBe("0");
  });

  test("JSON for scripts cannot close its script element", () => {
    const out = jsonScript("d", { text: "</script><script>alert(1)</script> <!--" }).value;
    expect(out).not.toContain("</script><script>");
    expect(out.match(/<\/script>/g)).toHaveLength(1);
    const json = out.replace(/^<script type="application\/json" id="d">/, "").replace(/<\/script>$/, "");
    expect(JSON.parse(json)).toEqual({ text: "</script><script>alert(1)</script> <!--" });
  });

  test("a link from agent text is http(s) or nothing", () => {
    expect(safeHref("javascript:alert(1)")).toBe("#");
    expect(safeHref("data:text/html,x")).toBe("#");
    expect(safeHref("https://github.com/acme/widgets/pull/1")).toBe("https://github.com/acme/widgets/pull/1");
    expect(safeHref(null)).toBe("#");
  });

  test("an audit row written by an agent renders as text", () => {
    const row: AuditRow = {
      id: 1,
      at: "2026-11-20T09:00:00.000Z",
      deliveryId: "d",
      org: "acme",
      repo: "acme/widgets",
      actor: "evil<script>[bot]",
      actorKind: "agent",
      action: "issue_comment.created",
      targetNumber: 3,
      targetNodeId: null,
      targetUrl: "javascript:alert(1)",
      targetSha: null,
      verdict: "gate",
      reasons: ['<b onmouseover="x">hi</b>'],
      effects: [],
      detail: {},
    };
    const page = renderAuditPage(
      { kind: "token", csrf: "c" },
      { filters: { actor: '"><script>' }, rows: [row], total: 1, offset: 0, limit: 50 },
    );
    expect(page).not.toContain("<script>");
    expect(page).not.toContain("<b onmouseover");
    expect(page).not.toContain('href="javascript:');
    expect(page).toContain("evil&lt;script&gt;[bot]");
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;"');
  });
});
