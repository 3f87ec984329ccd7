import { SseFrameParser, type SseFrame } from '../core/sse-parser';

// Reads an event-stream body as it arrives, handing each frame on in order, until the body
// ends (resolves) or breaks or is aborted (rejects).

export async function forEachSseFrame(body: ReadableStream<Uint8Array>, onFrame: (frame: SseFrame) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseFrameParser();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      const frames = done ? parser.finish() : parser.push(decoder.decode(value, { stream: true }));
      for (const frame of frames) onFrame(frame);
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}
