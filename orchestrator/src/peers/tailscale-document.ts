// What the tailscaled document readers (status, whois) share: Go's JSON quirks and one way to
// turn a schema mismatch into a message that names the fields. Pure.
import { z } from 'zod';

// Go encodes nil slices as null, so any list tailscaled sends may be null.
export const GO_STRING_LIST = z.array(z.string()).nullish().transform((value) => value ?? []);

/** Parses `document` with `schema`; a mismatch throws `formatError(detail)` naming each bad field. */
export function readTailscaleDocument<S extends z.ZodType>(schema: S, document: unknown, formatError: (detail: string) => Error): z.output<S> {
  const parsed = schema.safeParse(document);
  if (parsed.success) return parsed.data;
  throw formatError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; '));
}
