import { objectOrUndefined, parseJson } from '../core/json-value';
import { describeError } from './api-error';
import type { LogLine } from './api-types';
import { forEachSseFrame } from './sse-body';
import type { StreamResponse } from './transport';
import type { LogSink } from './vaultplane-api';

// Reads GET /pods/:id/logs (events `log`, then `end` or `error`) into a sink. It does not
// reconnect: a second request would send the history again. The sink hears exactly one end.

export function followLogStream(
  open: (signal: AbortSignal) => Promise<StreamResponse>,
  describeRefusal: (response: StreamResponse) => Promise<string>,
  sink: LogSink,
): () => void {
  const controller = new AbortController();
  let ended = false;
  const end = (result: Parameters<LogSink['end']>[0]) => {
    if (ended) return;
    ended = true;
    sink.end(result);
  };

  const run = async () => {
    const response = await open(controller.signal);
    if (response.status !== 200 || response.body === null) {
      end({ error: await describeRefusal(response) });
      return;
    }
    await forEachSseFrame(response.body, (frame) => {
      const data = objectOrUndefined(parseJson(frame.data)) ?? {};
      if (frame.event === 'log' && (data.stream === 'stdout' || data.stream === 'stderr') && typeof data.text === 'string') {
        sink.line({ stream: data.stream, text: data.text } satisfies LogLine);
      } else if (frame.event === 'end') {
        end({ reason: typeof data.reason === 'string' ? data.reason : 'done' });
      } else if (frame.event === 'error') {
        end({ error: typeof data.message === 'string' ? data.message : 'the server could not read the logs' });
      }
    });
    end({ error: 'the log stream was cut off before it ended; reopen the note to follow again' });
  };

  run().catch((error: unknown) => {
    if (!controller.signal.aborted) end({ error: describeError(error) });
  });
  return () => {
    ended = true;
    controller.abort();
  };
}
