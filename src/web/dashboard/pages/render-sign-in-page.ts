import { html } from "../html.js";
import { renderLayout } from "./render-layout.js";

/** The sign-in page: the token form and/or "Sign in with GitHub", as configured. */
export function renderSignInPage(options: { token: boolean; github: boolean; error?: string; next?: string }): string {
  const body = html`${options.error ? html`<p class="error" role="alert">${options.error}</p>` : ""}
  ${
    options.token
      ? html`<form method="post" action="/guardrails/login" class="sign-in">
          <label>Dashboard token <input type="password" name="token" autocomplete="current-password" required /></label>
          <input type="hidden" name="next" value="${options.next ?? "/guardrails"}" /><button type="submit">Sign in</button>
        </form>`
      : ""
  }
  ${options.github ? html`<p><a class="button" href="/guardrails/oauth/start">Sign in with GitHub</a></p>` : ""}`;
  return renderLayout("Sign in", "", null, body);
}
