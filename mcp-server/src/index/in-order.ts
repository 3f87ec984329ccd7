/**
 * Results that finish out of order (concurrent reads), handed on in position order: a result
 * waits only until every one before it has arrived, so few are held at once. Pure.
 */
export function inPositionOrder<T>(visit: (item: T, position: number) => void): (item: T, position: number) => void {
  const waiting = new Map<number, T>();
  let next = 0;
  return (item, position) => {
    waiting.set(position, item);
    while (waiting.has(next)) {
      const ready = waiting.get(next) as T;
      waiting.delete(next);
      visit(ready, next);
      next += 1;
    }
  };
}
