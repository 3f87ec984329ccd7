/** Thrown when a value expands past the budget (YAML aliases can share one node many times). */
export class PlainJsonBudgetError extends Error {}

export interface PlainJsonBudget {
  maxNodes: number;
  maxDepth: number;
}

const DEFAULT_BUDGET: PlainJsonBudget = { maxNodes: 100_000, maxDepth: 64 };

/**
 * Copies a parsed YAML value into plain JSON data: Dates become ISO strings (a bare date
 * stays `YYYY-MM-DD`, as written), binary becomes base64, non-finite numbers become strings.
 * The budget stops alias bombs and self-referencing anchors, which js-yaml returns as shared
 * or cyclic objects.
 */
export function toPlainJson(value: unknown, budget: PlainJsonBudget = DEFAULT_BUDGET): unknown {
  let nodes = 0;
  const copy = (item: unknown, depth: number): unknown => {
    nodes += 1;
    if (nodes > budget.maxNodes || depth > budget.maxDepth) {
      throw new PlainJsonBudgetError(
        `more than ${budget.maxNodes} values or deeper than ${budget.maxDepth} levels`,
      );
    }
    if (item === null || item === undefined) return null;
    if (typeof item === 'string' || typeof item === 'boolean') return item;
    if (typeof item === 'number') return Number.isFinite(item) ? item : String(item);
    if (typeof item === 'bigint') return item.toString();
    if (item instanceof Date) return dateToIso(item);
    if (item instanceof Uint8Array) return Buffer.from(item).toString('base64');
    if (Array.isArray(item)) return item.map((entry) => copy(entry, depth + 1));
    if (typeof item === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, entry] of Object.entries(item)) {
        // Own property even for "__proto__", so a key can never change the prototype.
        Object.defineProperty(out, key, {
          value: copy(entry, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    return String(item);
  };
  return copy(value, 0);
}

function dateToIso(date: Date): string | null {
  if (Number.isNaN(date.getTime())) return null;
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}
