/** `--name N` from the command line as a positive whole number; `fallback` when absent. */
export function positiveArgument(name: string, fallback: number): number {
  const position = process.argv.indexOf(`--${name}`);
  if (position < 0) return fallback;
  const value = Number(process.argv[position + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} takes a positive whole number, e.g. --${name} ${fallback}`);
  return value;
}
