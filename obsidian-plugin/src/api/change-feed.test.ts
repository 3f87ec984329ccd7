import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeTimers } from '../../test-support/node-timers';
import { ChangeFeed } from './change-feed';
import { fetchTransport } from './transport';
import type { FeedMessage } from './vaultplane-api';

// A real HTTP server speaking server-sent events, so the feed reads a real socket that really
// drops; only the backoff is made short.

const timers = nodeTimers(() => 0);

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

async function serve(handler: (res: ServerResponse, connection: number) => void): Promise<string> {
  let connections = 0;
  server = createServer((_req, res) => handler(res, ++connections));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function feedFor(url: string, mode: 'live' | 'poll' = 'live'): ChangeFeed {
  const transport = fetchTransport(fetch);
  return new ChangeFeed({
    open: (signal) => transport.stream({ url: `${url}/events`, method: 'GET', headers: {} }, signal),
    mode: () => ({ refreshMode: mode, pollSeconds: 2 }),
    timers,
    backoff: { initialMs: 20, maxMs: 100, stableMs: 10_000 },
    describeRefusal: async (response) => `refused with ${response.status}`,
  });
}

async function until(messages: FeedMessage[], test: (seen: FeedMessage[]) => boolean): Promise<void> {
  for (let tries = 0; tries < 500 && !test(messages); tries += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(test(messages)).toBe(true);
}

describe('ChangeFeed', () => {
  it('passes events on, and after the stream drops reconnects and asks for a resync', async () => {
    const url = await serve((res, connection) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: ready\ndata: {}\n\n');
      res.write(`: keep-alive\n\nevent: scheduled\ndata: {"type":"scheduled","podId":"p-${connection}","name":"p","namespace":"default","task":null,"time":"t"}\n\n`);
      if (connection === 1) res.end();
    });
    const feed = feedFor(url);
    const messages: FeedMessage[] = [];
    const unsubscribe = feed.subscribe((message) => messages.push(message));
    await until(messages, (seen) => seen.some((m) => m.kind === 'event' && m.event.type === 'scheduled' && m.event.podId === 'p-2'));
    unsubscribe();

    const kinds = messages.map((m) => (m.kind === 'state' ? m.state.status : m.kind === 'event' ? (m.event as { podId: string }).podId : m.kind));
    expect(kinds).toEqual(['connecting', 'live', 'resync', 'p-1', 'reconnecting', 'live', 'resync', 'p-2']);
    expect(messages.find((m) => m.kind === 'state' && m.state.status === 'reconnecting')).toEqual({
      kind: 'state',
      state: { status: 'reconnecting', inMs: 10, error: 'the event stream ended' },
    });
  });

  it('says why the server refused the stream, and keeps trying with growing delays', async () => {
    const url = await serve((res) => res.writeHead(401).end('{"error":{"message":"no"}}'));
    const feed = feedFor(url);
    const messages: FeedMessage[] = [];
    const unsubscribe = feed.subscribe((message) => messages.push(message));
    await until(messages, (seen) => seen.filter((m) => m.kind === 'state' && m.state.status === 'reconnecting').length >= 3);
    unsubscribe();
    const delays = messages.flatMap((m) => (m.kind === 'state' && m.state.status === 'reconnecting' ? [m.state] : []));
    expect(delays.slice(0, 3)).toEqual([
      { status: 'reconnecting', inMs: 10, error: 'refused with 401' },
      { status: 'reconnecting', inMs: 20, error: 'refused with 401' },
      { status: 'reconnecting', inMs: 40, error: 'refused with 401' },
    ]);
  });

  it('in poll mode opens no stream and says how often it refreshes', async () => {
    let opened = 0;
    const url = await serve((res) => {
      opened += 1;
      res.end();
    });
    const feed = feedFor(url, 'poll');
    const messages: FeedMessage[] = [];
    feed.subscribe((message) => messages.push(message))();
    expect(messages).toEqual([
      { kind: 'state', state: { status: 'connecting' } },
      { kind: 'state', state: { status: 'polling', everySeconds: 2 } },
    ]);
    expect(opened).toBe(0);
  });
});
