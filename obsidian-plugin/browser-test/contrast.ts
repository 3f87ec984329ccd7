/**
 * Whether text is readable where it is drawn: the WCAG contrast ratio between an element's
 * computed text colour and the background actually behind it (semi-transparent layers of its
 * ancestors composited, the page white underneath them all).
 */
import type { Locator } from 'playwright-core';

type Rgba = [number, number, number, number];

/** WCAG AA for body text. */
export const READABLE_CONTRAST = 4.5;

export async function textContrast(locator: Locator): Promise<number> {
  const { color, backgrounds } = await readColours(locator);
  // Composite from the root (last) down to the element: each layer is painted over the ones below.
  let background: Rgba = [255, 255, 255, 1];
  for (const layer of [...backgrounds].reverse()) background = over(parseColor(layer), background);
  return contrastRatio(over(parseColor(color), background), background);
}

/** A live table may redraw the element between finding and reading it: then it is found again. */
async function readColours(locator: Locator, attempts = 5): Promise<{ color: string; backgrounds: string[] }> {
  for (let attempt = 1; ; attempt++) {
    const read = await locator.evaluate((el) => {
      if (!el.isConnected) return undefined;
      const layers: string[] = [];
      for (let node: Element | null = el; node; node = node.parentElement) layers.push(getComputedStyle(node).backgroundColor);
      return { color: getComputedStyle(el).color, backgrounds: layers };
    });
    if (read !== undefined) return read;
    if (attempt >= attempts) throw new Error(`${locator.toString()} kept being replaced while its colours were read`);
  }
}

function parseColor(text: string): Rgba {
  const match = /^rgba?\(([^)]+)\)$/.exec(text.trim());
  if (!match) throw new Error(`cannot read colour '${text}'`);
  const parts = match[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
  return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1];
}

function over(top: Rgba, bottom: Rgba): Rgba {
  const a = top[3];
  return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
}

function luminance([r, g, b]: Rgba): number {
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function contrastRatio(a: Rgba, b: Rgba): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}
