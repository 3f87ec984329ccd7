import { describe, expect, it } from 'vitest';
import { buildSnippet } from './snippet';
import { analyze } from '../embed/text-analysis';
const snippetTerms = (text: string) => analyze(text);

describe('buildSnippet', () => {
  const chunk = ['## Risks', '', 'Budget is tight this quarter.', 'The vendor may be late.', 'Running the migration twice breaks ids.', '', 'Other things.'].join('\n');

  it('shows the lines that hold the most query terms, with their file line numbers', () => {
    const snippet = buildSnippet(chunk, 20, 'migration runs twice', snippetTerms);
    expect(snippet.text).toBe('Running the migration twice breaks ids.');
    expect(snippet.startLine).toBe(24);
    expect(snippet.endLine).toBe(24);
  });

  it('starts at the first text line when nothing matches', () => {
    const snippet = buildSnippet(chunk, 1, 'zebra', snippetTerms);
    expect(snippet.text).toBe('## Risks');
    expect(snippet.startLine).toBe(1);
  });

  it('clips very long lines', () => {
    const snippet = buildSnippet(`${'word '.repeat(500)}needle`, 1, 'word', snippetTerms);
    expect(snippet.text.length).toBeLessThanOrEqual(240);
  });
});
