import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameDemuxer, type OutputStream } from './frame-demuxer';

const frame = (type: number, payload: string | Buffer): Buffer => {
  const data = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const header = Buffer.alloc(8);
  header.writeUInt8(type, 0);
  header.writeUInt32BE(data.length, 4);
  return Buffer.concat([header, data]);
};

const collect = (demuxer: FrameDemuxer, chunks: Buffer[]): Record<OutputStream, string> => {
  const out: Record<OutputStream, Buffer[]> = { stdout: [], stderr: [] };
  for (const chunk of chunks) for (const f of demuxer.push(chunk)) out[f.stream].push(f.data);
  demuxer.end();
  return { stdout: Buffer.concat(out.stdout).toString(), stderr: Buffer.concat(out.stderr).toString() };
};

describe('FrameDemuxer', () => {
  it('separates stdout and stderr frames in one chunk', () => {
    const wire = Buffer.concat([frame(1, 'hello\n'), frame(2, 'oops\n'), frame(1, 'bye\n')]);
    expect(collect(new FrameDemuxer(), [wire])).toEqual({ stdout: 'hello\nbye\n', stderr: 'oops\n' });
  });

  it('reassembles frames whose header and payload arrive one byte at a time', () => {
    const wire = Buffer.concat([frame(1, 'héllo wörld\n'), frame(2, 'ünïcode ✓\n')]);
    const bytes = [...wire].map((b) => Buffer.from([b]));
    expect(collect(new FrameDemuxer(), bytes)).toEqual({ stdout: 'héllo wörld\n', stderr: 'ünïcode ✓\n' });
  });

  it('treats stdin frames as stdout and keeps empty frames harmless', () => {
    const wire = Buffer.concat([frame(0, 'echo'), frame(1, ''), frame(2, '')]);
    expect(collect(new FrameDemuxer(), [wire])).toEqual({ stdout: 'echo', stderr: '' });
  });

  it('gives the same output however the wire is cut into chunks', () => {
    const frames = fc.array(fc.record({ type: fc.constantFrom(1, 2), text: fc.string({ unit: 'grapheme', maxLength: 40 }) }), {
      maxLength: 12,
    });
    fc.assert(
      fc.property(frames, fc.array(fc.nat(), { maxLength: 10 }), (list, cuts) => {
        const wire = Buffer.concat(list.map((f) => frame(f.type, f.text)));
        const points = [...new Set(cuts.map((c) => (wire.length === 0 ? 0 : c % wire.length)))].sort((a, b) => a - b);
        const bounds = [0, ...points, wire.length];
        const chunks = bounds.slice(1).map((end, i) => wire.subarray(bounds[i], end));
        const expected = {
          stdout: list.filter((f) => f.type === 1).map((f) => f.text).join(''),
          stderr: list.filter((f) => f.type === 2).map((f) => f.text).join(''),
        };
        expect(collect(new FrameDemuxer(), chunks)).toEqual(expected);
      }),
    );
  });

  it('reports a stream that ends inside a frame instead of dropping the tail silently', () => {
    const demuxer = new FrameDemuxer();
    demuxer.push(frame(1, 'complete'));
    demuxer.push(frame(2, 'cut off').subarray(0, 10));
    expect(() => demuxer.end()).toThrow(/ended inside a frame/);
  });

  it('rejects output that is not multiplexed (a TTY container) with a hint', () => {
    expect(() => new FrameDemuxer().push(Buffer.from('plain tty output\n'))).toThrow(/Tty: true/);
  });
});
