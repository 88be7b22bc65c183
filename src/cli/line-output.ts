/** Where a command writes lines: a function (tests) or a stream such as process.stdout. */
export type LineOutput = ((line: string) => void) | { write(text: string): unknown };

/** One way to print a line to either kind of output. */
export function lineOutput(out: LineOutput): (line: string) => void {
  return typeof out === "function" ? out : (line) => void out.write(line + "\n");
}
