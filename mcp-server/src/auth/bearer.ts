/**
 * Bearer tokens: the format we accept, how a new one is made, and the comparison the HTTP
 * server uses. No I/O here; `token.ts` decides where a token comes from.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** RFC 6750 `b64token`: what fits in `Authorization: Bearer <token>` without quoting. */
const TOKEN_PATTERN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** 32 random bytes, base64url: 43 characters, 256 bits. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Returns a message saying what is wrong with `token`, or undefined when it is usable. */
export function tokenFormatProblem(token: string): string | undefined {
  if (token.length === 0) return 'the token is empty';
  if (!TOKEN_PATTERN.test(token)) {
    return 'the token may contain only letters, digits and - . _ ~ + / (optionally ending in =), no spaces';
  }
  return undefined;
}

/** The token from an `Authorization: Bearer <token>` header; undefined for any other header or none. */
export function readBearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
  return match?.[1];
}

/**
 * Constant-time equality. Both sides are hashed first so the buffers handed to
 * timingSafeEqual always have equal length and the token's length does not leak either.
 */
export function tokensMatch(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
