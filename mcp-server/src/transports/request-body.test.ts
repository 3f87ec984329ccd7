import type { IncomingMessage } from 'node:http';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { HttpError } from './http-error';
import { discardUnreadBody, readBody, readJsonBody } from './request-body';

/** A request stand-in: the readers only use the stream and the headers. */
function fakeRequest(chunks: Array<string | Buffer>, headers: Record<string, string> = {}): IncomingMessage {
  return Object.assign(Readable.from(chunks.map((chunk) => Buffer.from(chunk))), { headers }) as unknown as IncomingMessage;
}

describe('readBody', () => {
  it('returns the whole body within the limit', async () => {
    expect((await readBody(fakeRequest(['ab', 'cd']), 4)).toString()).toBe('abcd');
  });

  it('refuses with 413 once a streamed body passes the limit', async () => {
    const error = await readBody(fakeRequest(['abc', 'def']), 4).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 413, code: 'payload_too_large' });
  });

  it('refuses with 413 before reading when Content-Length announces too much', async () => {
    const request = fakeRequest([], { 'content-length': '5000' });
    await expect(readBody(request, 4)).rejects.toMatchObject({ status: 413 });
  });
});

describe('readJsonBody', () => {
  it('parses JSON, and gives undefined for an empty body', async () => {
    expect(await readJsonBody(fakeRequest(['{"a":1}'], { 'content-type': 'application/json; charset=utf-8' }), 100)).toEqual({ a: 1 });
    expect(await readJsonBody(fakeRequest([]), 100)).toBeUndefined();
  });

  it('refuses malformed JSON with 400 and other media types with 415', async () => {
    await expect(readJsonBody(fakeRequest(['{'], { 'content-type': 'application/json' }), 100)).rejects.toMatchObject({ status: 400, code: 'invalid_json' });
    await expect(readJsonBody(fakeRequest(['a=1'], { 'content-type': 'application/x-www-form-urlencoded' }), 100)).rejects.toMatchObject({ status: 415 });
  });

  it('refuses bytes that are not UTF-8 with 400 instead of turning them into U+FFFD', async () => {
    // A found bug: {"note":"<c3 28 ff>"} was written into tasks.md as "\ufffd(\ufffd".
    const body = Buffer.concat([Buffer.from('{"note":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
    await expect(readJsonBody(fakeRequest([body], { 'content-type': 'application/json' }), 100)).rejects.toMatchObject({
      status: 400,
      code: 'invalid_utf8',
      message: expect.stringMatching(/not valid UTF-8/),
    });
    // A character split across chunks is still one character.
    const split = Buffer.from('{"a":"é"}');
    expect(await readJsonBody(fakeRequest([split.subarray(0, 7), split.subarray(7)]), 100)).toEqual({ a: 'é' });
  });
});

describe('discardUnreadBody', () => {
  /** A request body still arriving: the test writes it as a client would. */
  const arriving = () => Object.assign(new PassThrough(), { headers: {}, complete: false }) as PassThrough & IncomingMessage;

  it('reads and drops the rest of a refused body, so the client is not reset mid-send', async () => {
    const request = arriving();
    discardUnreadBody(request, 10);
    const cutBeforeEnd = new Promise((resolve) => request.once('end', () => resolve(request.destroyed)));
    request.end('abcdef');
    expect(await cutBeforeEnd).toBe(false);
  });

  it('cuts the connection once more than the limit arrives', async () => {
    const request = arriving();
    discardUnreadBody(request, 8);
    const closed = new Promise((resolve) => request.once('close', resolve));
    request.write('abcdef');
    request.write('ghijkl');
    await closed;
    expect(request.readableEnded).toBe(false);
  });
});
