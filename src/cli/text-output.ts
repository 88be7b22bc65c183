/** Where a command writes: process.stdout / process.stderr, or a buffer in tests. */
export interface TextOutput {
  write(text: string): unknown;
}
