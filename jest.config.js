/** jest in ESM mode (probot and @octokit are ESM-only); transpile-only ts-jest, typecheck runs separately. */
export default {
  testEnvironment: "node",
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: {
    "^.+\\.ts$": ["ts-jest", { useESM: true, tsconfig: "tsconfig.test.json" }],
  },
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  testTimeout: 30000,
  // One clear line when PostgreSQL is not there, instead of dozens of ECONNREFUSED.
  globalSetup: "<rootDir>/test/require-postgres.ts",
};
