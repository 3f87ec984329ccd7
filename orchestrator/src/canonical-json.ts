// JSON with object keys sorted at every level and no whitespace, so equal values always give
// equal text: the input of spec hashes, manifest signatures and the audit chain.
//
// It matches RFC 8785 (JCS) for the values specs and audit entries hold: keys sorted by UTF-16
// code units (JavaScript's default sort), numbers in ECMAScript's shortest round-trip form
// (-0 is 0), strings escaped as JSON.stringify escapes them. Members whose value is undefined
// are left out and undefined array items are null, as JSON.stringify does.
//
// The text is built directly rather than by sorting into a new object: assigning a key named
// "__proto__" to a plain object changes its prototype instead of adding the key, which would let
// a member disappear from the signed text while staying in the request.

export function canonicalJson(value: unknown): string {
  const text = serialize(value, []);
  if (text === undefined) throw new TypeError('canonicalJson: the value has no JSON form (undefined, a function or a symbol)');
  return text;
}

function serialize(value: unknown, path: (string | number)[]): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${String(value)} at ${where(path)} has no JSON form; use a finite number`);
      return JSON.stringify(value);
    case 'bigint':
      throw new TypeError(`canonicalJson: the bigint at ${where(path)} has no JSON form; use a number or a string`);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    default:
      break;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    return `[${value.map((item, index) => serialize(item, [...path, index]) ?? 'null').join(',')}]`;
  }
  const source = value as Record<string, unknown>;
  const members: string[] = [];
  for (const key of Object.keys(source).sort()) {
    const text = serialize(source[key], [...path, key]);
    if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${members.join(',')}}`;
}

function where(path: (string | number)[]): string {
  return path.length === 0 ? 'the top level' : path.map(String).join('.');
}
