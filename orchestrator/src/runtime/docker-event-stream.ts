import type Docker from 'dockerode';
import { EngineUnavailableError } from '../errors';
import type { ContainerEvent, EventOptions } from './container-runtime';
import { openEngineStream } from './docker-client';
import { labelFilter } from './docker-create-options';
import { parseEngineEvent, toEngineTimestamp } from './docker-engine-event';
import { mapDockerError } from './docker-error-mapping';
import { NdjsonSplitter } from './ndjson-splitter';

/**
 * The engine's container events (GET /events) until aborted, for both Docker adapters. The
 * stream has no end of its own: if it ends, the engine went away (EngineUnavailableError).
 */
export async function* containerEvents(docker: Docker, endpoint: string, options: EventOptions): AsyncGenerator<ContainerEvent> {
  const signal = options.signal;
  if (signal?.aborted) return;
  const filters: Record<string, string[]> = { type: ['container'] };
  if (options.labels !== undefined) filters.label = labelFilter(options.labels);
  const query: Record<string, unknown> = { filters };
  if (options.since !== undefined) query.since = toEngineTimestamp(options.since);

  const stream = await openEngineStream(docker, '/events?', query, signal, {}).catch((error: unknown) => {
    throw mapDockerError(error, { endpoint, operation: 'stream its events' });
  });
  const splitter = new NdjsonSplitter();
  try {
    for await (const chunk of stream) {
      for (const value of splitter.push(chunk as Buffer)) {
        const event = parseEngineEvent(value);
        if (event !== undefined) yield event;
      }
    }
  } catch (error) {
    if (signal?.aborted) return;
    throw mapDockerError(error, { endpoint, operation: 'stream its events' });
  } finally {
    stream.destroy();
  }
  if (signal?.aborted) return;
  throw new EngineUnavailableError(endpoint, 'the engine closed its event stream');
}
