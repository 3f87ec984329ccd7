import { describe, expect, it } from 'vitest';
import { SseFrameParser, parseSseText } from './sse-parser';

const STREAM = 'event: ready\ndata: {"time":"t"}\n\n: keep-alive\n\nevent: log\r\ndata: {"text":"a"}\r\ndata: {"text":"b"}\r\n\r\ndata: plain\r\r';

describe('SseFrameParser', () => {
  it('reads events, comments, multi-line data and all three line endings', () => {
    expect(parseSseText(STREAM)).toEqual([
      { event: 'ready', data: '{"time":"t"}' },
      { event: 'log', data: '{"text":"a"}\n{"text":"b"}' },
      { event: 'message', data: 'plain' },
    ]);
  });

  it('gives the same frames however the chunks are cut, even inside \\r\\n', () => {
    for (let size = 1; size <= 7; size += 1) {
      const parser = new SseFrameParser();
      const frames = [];
      for (let at = 0; at < STREAM.length; at += size) frames.push(...parser.push(STREAM.slice(at, at + size)));
      frames.push(...parser.finish());
      expect(frames).toEqual(parseSseText(STREAM));
    }
  });

  it('drops a frame the stream cut off before its blank line', () => {
    expect(parseSseText('event: log\ndata: half')).toEqual([]);
  });
});
