import type { GuardrailsMetrics } from "../../src/metrics/guardrails-metrics.js";

/** A metric's series as rows of its label values (in label order) and its value, sorted: easy to compare in a test. */
export async function counted(metrics: GuardrailsMetrics, name: string): Promise<(string | number)[][]> {
  const metric = metrics.registry.getSingleMetric(name);
  if (metric === undefined) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  return values
    .map((v) => [...Object.values(v.labels).map(String), v.value])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}
