// Image patterns: `*` matches within one path segment (no '/'), `**` matches across segments,
// `?` matches one character other than '/'. Everything else is literal. Pure.

export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*') {
      if (pattern[i + 1] === '*') {
        source += '.*';
        i++;
      } else {
        source += '[^/]*';
      }
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/** True when the image reference, as written or with the implied ':latest', matches a pattern. */
export function imageAllowed(image: string, patterns: readonly string[]): boolean {
  const forms = [image];
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  if (!lastSegment.includes(':') && !image.includes('@')) forms.push(`${image}:latest`);
  return patterns.some((pattern) => {
    const regex = globToRegExp(pattern);
    return forms.some((form) => regex.test(form));
  });
}
