import { StringDecoder } from 'node:string_decoder';
import type { LogChunk } from '../runtime/container-runtime';
import { errorResponse } from './http-status';
import { LogsQuerySchema, parseWith, queryObject } from './request-schemas';
import type { OrchestratorRouteContext } from './route-types';
import { SseStream } from './sse';

// A pod's logs as server-sent events (`log`, then `end` or `error`), for the API's logs route
// and the peer route that a forwarding node reads back.

type LogsQuery = ReturnType<typeof LogsQuerySchema.parse>;

export async function streamLogs(
  ctx: OrchestratorRouteContext,
  open: (query: LogsQuery, signal: AbortSignal) => Promise<AsyncIterable<LogChunk>>,
): Promise<void> {
  const query = parseWith(LogsQuerySchema, queryObject(ctx.url), 'query');
  const controller = new AbortController();
  ctx.res.on('close', () => controller.abort());
  // Opened before the stream starts, so a missing pod is still a plain 404.
  const chunks = await open(query, controller.signal);
  const sse = new SseStream(ctx.res);
  sse.open();
  const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  let bytes = 0;
  try {
    for await (const chunk of chunks) {
      bytes += chunk.data.length;
      // A decoder per stream: a character cut between chunks is joined, not garbled.
      const text = decoders[chunk.stream].write(chunk.data);
      if (text !== '') await sse.send('log', { stream: chunk.stream, text });
      if (sse.isClosed) return;
    }
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = decoders[stream].end();
      if (rest !== '') await sse.send('log', { stream, text: rest });
    }
    await sse.send('end', { reason: bytes >= query.limitBytes ? 'limit' : query.follow ? 'stopped' : 'done', bytes });
  } catch (error) {
    await sse.send('error', errorResponse(error).body.error);
  } finally {
    sse.end();
  }
}

