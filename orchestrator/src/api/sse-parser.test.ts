import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseParser } from './sse-parser';

describe('SseParser', () => {
  it('reads named events, joins multi-line data and skips comments', () => {
    const parser = new SseParser();
    expect(parser.push(': keep-alive\n\nevent: log\ndata: {"a":1}\n\ndata: one\ndata: two\n\n')).toEqual([
      { event: 'log', data: '{"a":1}' },
      { event: 'message', data: 'one\ntwo' },
    ]);
  });

  it('gives the same events however the stream is cut, with any line ending', () => {
    const events = fc.array(fc.record({ event: fc.constantFrom('log', 'end', 'pod'), data: fc.json() }), { maxLength: 8 });
    fc.assert(
      fc.property(events, fc.constantFrom('\n', '\r\n', '\r'), fc.array(fc.nat(), { maxLength: 8 }), (list, eol, cuts) => {
        const wire = list.map((e) => `event: ${e.event}${eol}data: ${e.data}${eol}${eol}`).join('');
        const points = [...new Set(cuts.map((c) => c % (wire.length + 1)))].sort((a, b) => a - b);
        const bounds = [0, ...points, wire.length];
        const parser = new SseParser();
        const seen = [...bounds.slice(1).flatMap((end, i) => parser.push(wire.slice(bounds[i], end))), ...parser.end()];
        expect(seen).toEqual(list);
      }),
    );
  });
});
