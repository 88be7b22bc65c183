import type { RowCase } from "./row-case.js";

/** Cases of the permission table's rows (test/rows/agent-action-rows.test.ts runs them). */
export const surfaceRows: RowCase[] = [];
