import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** The orchestrator and the wiring above it: no stage imports them. */
const PIPELINE_ABOVE = {
  group: ["**/pipeline", "**/pipeline.js", "**/create-guardrails", "**/create-guardrails.js", "../index.js", "../../index.js"],
  message: "a stage never imports the pipeline or the wiring above it: put shared types in pipeline-deps.ts",
};

export default tseslint.config(
  { ignores: ["lib/**", "node_modules/**", "data/**", "coverage/**", "schema/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The pipeline sits above the stages it calls: a stage names its shared types from
    // pipeline-deps.ts, never from the orchestrator (cli/ and sim/ run the whole app, above it).
    files: ["src/*/**/*.ts"],
    ignores: ["src/cli/**", "src/sim/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [PIPELINE_ABOVE] }],
    },
  },
  {
    // The policy core is pure: no GitHub client, no store, no clock, no I/O.
    files: [
      "src/policy/**/*.ts",
      "src/commands/parse-commands.ts",
      "src/commands/comment-url-ids.ts",
      "src/webhooks/normalize.ts",
      "src/config/merge-config.ts",
      "src/config/apply-locks.ts",
      "src/config/union-agents.ts",
      "src/config/deep-merge.ts",
    ],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["probot", "@octokit/*", "octokit"], message: "policy/ is pure: no GitHub client." },
            { group: ["**/store/**", "kysely", "better-sqlite3", "pg"], message: "policy/ is pure: no store." },
            { group: ["**/github/**", "**/effects/**", "**/webhooks/**"], message: "policy/ is pure: no I/O stages." },
            { group: ["node:fs", "fs", "node:http", "node:net", "node:child_process"], message: "policy/ is pure: no I/O." },
            PIPELINE_ABOVE,
          ],
        },
      ],
      "no-restricted-globals": ["error", { name: "fetch", message: "policy/ is pure: no I/O." }],
      "no-restricted-syntax": [
        "error",
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "policy/ has no clock: time is passed in." },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: "policy/ has no clock: time is passed in.",
        },
      ],
    },
  },
  {
    files: ["bin/**/*.js", "bench/**/*.js", "scripts/**/*.mjs", "*.js"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
);
