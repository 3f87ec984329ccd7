import type { Nodes } from 'mdast';
import { remark } from 'remark';
import { tidyHeadingText, type MarkdownStructure } from './markdown-structure';

const processor = remark();

/** CommonMark-exact structure from remark's syntax tree. */
export function scanWithRemark(markdown: string): MarkdownStructure {
  const headings: MarkdownStructure['headings'] = [];
  const codeRanges: MarkdownStructure['codeRanges'] = [];
  // Iterative walk: deeply nested quotes or lists must not overflow the call stack.
  const stack: Nodes[] = [processor.parse(markdown)];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (node.type === 'code' || node.type === 'inlineCode' || node.type === 'html') {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (start !== undefined && end !== undefined) codeRanges.push([start, end]);
      continue;
    }
    if (node.type === 'heading' && node.position) {
      headings.push({ depth: node.depth, text: tidyHeadingText(plainText(node)), line: node.position.start.line });
    }
    if ('children' in node) {
      for (let index = node.children.length - 1; index >= 0; index -= 1) {
        const child = node.children[index];
        if (child) stack.push(child);
      }
    }
  }
  return { headings, codeRanges };
}

/** The visible text of a node, as mdast-util-to-string gives it (image alt text included). */
function plainText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string') return node.value;
  if (node.type === 'image') return node.alt ?? '';
  if ('children' in node) return node.children.map((child) => plainText(child)).join('');
  return '';
}
