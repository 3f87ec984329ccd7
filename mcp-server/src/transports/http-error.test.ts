import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorBody, HttpError, toHttpError } from './http-error';

describe('toHttpError', () => {
  it('keeps an HttpError as it is', () => {
    const error = new HttpError(409, 'pod_busy', 'Pod is busy; retry');
    expect(toHttpError(error)).toBe(error);
    expect(errorBody(error)).toEqual({ error: { code: 'pod_busy', message: 'Pod is busy; retry' } });
  });

  it('turns a zod failure into 400 naming the bad field', () => {
    const result = z.object({ cpu: z.number() }).safeParse({ cpu: 'two' });
    const error = toHttpError(result.error);
    expect(error).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(error.message).toMatch(/cpu/);
  });

  it("keeps the status and code of another part's error family", () => {
    class QuotaError extends Error {
      readonly status = 422;
      readonly code = 'over_quota';
    }
    expect(toHttpError(new QuotaError('Over the memory quota; ask for less'))).toMatchObject({
      status: 422,
      code: 'over_quota',
      message: 'Over the memory quota; ask for less',
    });
  });

  it('makes anything else a 500 that still says what happened', () => {
    const fsError = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    expect(toHttpError(fsError)).toMatchObject({ status: 500, code: 'internal', message: expect.stringContaining('EACCES') });
    expect(toHttpError('plain string')).toMatchObject({ status: 500 });
  });
});
