import { describe, expect, it } from 'vitest';
import { documentNote, parseJudgements, parseSmart } from './cranfield';

describe('Cranfield parsing', () => {
  it('reads SMART records, joining lines and a repeated field', () => {
    const records = parseSmart('.I 1\n.T\nwing flow .\n.W\nfirst line\nsecond line\n.W\nmore\n.I 2\n.W\nx\n');
    expect(records).toHaveLength(2);
    expect(records[0]!.id).toBe('1');
    expect(records[0]!.fields.get('T')).toBe('wing flow .');
    expect(records[0]!.fields.get('W')).toBe('first line\nsecond line\nmore');
  });

  it('keeps relevant judgements (codes 1..4) as graded gains 5 - code and drops -1', () => {
    const judgements = parseJudgements('1 184 2\n1 29 4\n1 12 -1\n2 51 1\n');
    expect([...judgements.get('1')!]).toEqual([
      ['184', 3],
      ['29', 1],
    ]);
    expect(judgements.get('2')!.get('51')).toBe(4);
  });

  it('makes a note of title heading and abstract, or the abstract alone', () => {
    expect(documentNote({ id: '1', title: 'wing flow.', abstract: 'an abstract.' })).toBe('# wing flow.\n\nan abstract.\n');
    expect(documentNote({ id: '471', title: '', abstract: '' })).toBe('\n');
  });
});
