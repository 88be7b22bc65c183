/** Prints the HTTP bench's report as one table and the targets as met/missed (never asserted). */

function fixed(value, digits = 2) {
  return typeof value === "number" && Number.isFinite(value) ? value.toFixed(digits) : "n/a";
}

function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  const line = (row) =>
    row.map((cell, column) => (column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]))).join("  ");
  return [line(rows[0]), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

/** @param {ReturnType<typeof import("./run-http-bench.js").runHttpBench> extends Promise<infer R> ? R : never} report */
export function printHttpReport(report, print = console.log) {
  const { machine, settings } = report;
  print(
    `HTTP: real \`probot run\` processes over loopback, autocannon, signed webhooks (${machine.nproc} cores, ${machine.cpu}, node ${machine.node}, commit ${machine.commit})`,
  );
  print(
    `each throughput run ${settings.seconds} s after ${settings.warmUpSeconds} s warm-up; "answer" = HTTP response, "processed" = committed in the app's store`,
  );
  print("");
  const rows = [["measurement", "bare", "ours", "ours / bare"]];
  for (const row of report.human) {
    rows.push([
      `${row.label} @${row.connections} conn: req/s`,
      fixed(row.bare.reqPerSec, 0),
      fixed(row.ours.reqPerSec, 0),
      fixed(row.throughputRatio),
    ]);
    rows.push([
      `${row.label} @${row.connections} conn: p99 ms`,
      fixed(row.bare.latencyMs.p99, 1),
      fixed(row.ours.latencyMs.p99, 1),
      fixed(row.p99Ratio),
    ]);
  }
  const agent = report.agentComment;
  if (agent)
    rows.push([
      "agent comment @10 conn: answered req/s",
      fixed(agent.bare.reqPerSec, 0),
      fixed(agent.ours.reqPerSec, 1),
      fixed(agent.ours.reqPerSec / agent.bare.reqPerSec),
    ]);
  if (agent)
    rows.push([
      "agent comment @10 conn: answer p99 ms",
      fixed(agent.bare.latencyMs.p99, 1),
      fixed(agent.ours.latencyMs.p99, 1),
      fixed(agent.ours.latencyMs.p99 / agent.bare.latencyMs.p99),
    ]);
  if (agent)
    rows.push([
      "agent comment @10 conn: processed/s",
      "",
      `${fixed(agent.processed.perSec, 1)} (${agent.processed.deliveries} of ${agent.processed.sent} sent)`,
      "",
    ]);
  for (const reading of report.rss) {
    rows.push([
      `RSS MiB after ${reading.events} human comments`,
      fixed(reading.bareMiB, 1),
      fixed(reading.oursMiB, 1),
      fixed(reading.rssRatio),
    ]);
    rows.push([
      `  req/s of the stretch up to ${reading.events}`,
      fixed(reading.bareReqPerSec, 0),
      fixed(reading.oursReqPerSec, 0),
      fixed(reading.oursReqPerSec / reading.bareReqPerSec),
    ]);
  }
  const flood = report.flood;
  if (flood) {
    rows.push([
      `flood of ${flood.comments} agent comments: answered in s (p99 ms)`,
      "",
      `${fixed(flood.answered.seconds, 1)} (${fixed(flood.answered.p99Ms, 1)})`,
      "",
    ]);
    rows.push([
      "flood: actions from first over-limit to source stopped",
      "",
      `${flood.actionsToSourceStopped ?? "n/a"} (over limit at #${flood.firstOverLimitAction ?? "-"}, stopped from #${flood.firstContainedOnArrival ?? "-"}, ${flood.overLimitNotContained ?? "-"} over-limit not contained)`,
      "",
    ]);
    const zero =
      flood.zeroVisibleSeconds === null
        ? `not reached in ${flood.timeoutSeconds} s (${flood.visibleLeft} visible)`
        : fixed(flood.zeroVisibleSeconds, 1);
    rows.push([`flood: s to zero visible (bound ${fixed(flood.boundSeconds, 0)} s)`, "", zero, `${fixed(flood.timeRatio)} of bound`]);
  } else {
    rows.push(["flood", "", "skipped (BENCH_FLOOD=0 or not in BENCH_HTTP_PHASES)", ""]);
  }
  print(table(rows));
  print("");
  for (const verdict of report.verdicts)
    print(`target ${verdict.met ? "met   " : "MISSED"}: ${verdict.target} (got ${fixed(verdict.got)})`);
}
