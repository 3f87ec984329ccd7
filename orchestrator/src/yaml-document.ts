import { parse, YAMLParseError } from 'yaml';
import { z } from 'zod';

// A YAML config file read through its zod schema; an empty file is `{}`. `fail` turns what is
// wrong (the YAML line, or the field paths) into the caller's own error naming the file.

export function parseYamlDocument<T extends z.ZodType>(schema: T, text: string, fail: (detail: string, cause: unknown) => Error): z.output<T> {
  let raw: unknown;
  try {
    raw = parse(text, { prettyErrors: true });
  } catch (error) {
    const detail = error instanceof YAMLParseError ? error.message.split('\n')[0]! : String(error);
    throw fail(`it is not YAML (${detail})`, error);
  }
  const result = schema.safeParse(raw ?? {});
  if (!result.success) throw fail(z.prettifyError(result.error).replace(/\n+/g, ' ').trim(), result.error);
  return result.data;
}
