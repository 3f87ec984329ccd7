import { z } from 'zod';
import { InvalidRequestError } from '../errors';
import { POD_STATUSES } from '../workload/pod';

// Shapes of the API's query strings and small bodies (the workload spec has its own schema).

export const PodsQuerySchema = z.strictObject({
  namespace: z.string().min(1).optional(),
  task: z.string().min(1).optional(),
  status: z.enum(POD_STATUSES).optional(),
});

/** Default and ceiling of one log request, so a flooding container cannot flood the client. */
const DEFAULT_LOG_LIMIT_BYTES = 10 * 1024 * 1024;
const MAX_LOG_LIMIT_BYTES = 100 * 1024 * 1024;

const booleanText = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

export const LogsQuerySchema = z.strictObject({
  follow: booleanText.default(true),
  tail: z.coerce.number().int().nonnegative().optional(),
  /** ISO time, or seconds since the epoch. */
  since: z
    .string()
    .transform((value, ctx) => {
      const date = /^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
      if (Number.isNaN(date.getTime())) {
        ctx.addIssue({ code: 'custom', message: 'use an ISO time such as 2030-01-01T00:00:00Z or seconds since the epoch' });
        return z.NEVER;
      }
      return date;
    })
    .optional(),
  limitBytes: z.coerce.number().int().positive().max(MAX_LOG_LIMIT_BYTES).default(DEFAULT_LOG_LIMIT_BYTES),
  stdout: booleanText.default(true),
  stderr: booleanText.default(true),
});

export const EvictBodySchema = z.strictObject({
  id: z.string().min(1).describe('Pod id from GET /pods'),
  reason: z.string().max(500).optional(),
  graceSeconds: z.number().int().min(0).max(300).optional().describe('Seconds between SIGTERM and SIGKILL; default 5'),
});

/** Mirrors the update_task MCP tool; POST /task-update only validates it for now. */
export const TaskUpdateSchema = z
  .strictObject({
    feature: z.string().regex(/^[A-Za-z0-9._-]+$/, 'use the folder name under specs/, e.g. 001-example'),
    taskId: z.string().regex(/^T\d+[a-z]?$/, 'use a Spec-Kit task id such as T012 or T002a'),
    done: z.boolean().optional(),
    note: z.string().min(1).max(10_000).optional(),
    line: z.number().int().positive().optional(),
    node: z.string().min(1).optional().describe('The node whose vault holds the task; default this one'),
  })
  .refine((update) => update.done !== undefined || update.note !== undefined, 'give done, note or both');

export type TaskUpdate = Omit<z.output<typeof TaskUpdateSchema>, 'node'>;

export function parseWith<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw new InvalidRequestError(`${what}: ${z.prettifyError(result.error).replace(/\n+/g, ' ')}`);
  return result.data;
}

export function queryObject(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams.entries());
}
