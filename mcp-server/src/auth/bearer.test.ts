import { describe, expect, it } from 'vitest';
import { generateToken, readBearerToken, tokenFormatProblem, tokensMatch } from './bearer';

describe('generateToken', () => {
  it('makes a 43-character base64url token that is new each time and fits a Bearer header', () => {
    const a = generateToken();
    const b = generateToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(tokenFormatProblem(a)).toBeUndefined();
  });
});

describe('tokenFormatProblem', () => {
  it('refuses tokens that cannot travel in an Authorization header', () => {
    expect(tokenFormatProblem('')).toMatch(/empty/);
    expect(tokenFormatProblem('two words')).toMatch(/no spaces/);
    expect(tokenFormatProblem('semi;colon')).toBeDefined();
    expect(tokenFormatProblem('abc.DEF-123_~+/==')).toBeUndefined();
  });
});

describe('readBearerToken', () => {
  it('reads the token whatever the scheme case', () => {
    expect(readBearerToken('Bearer abc')).toBe('abc');
    expect(readBearerToken('bearer   abc  ')).toBe('abc');
  });

  it('returns nothing for other schemes, bare tokens and extra words', () => {
    expect(readBearerToken(undefined)).toBeUndefined();
    expect(readBearerToken('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(readBearerToken('abc')).toBeUndefined();
    expect(readBearerToken('Bearer')).toBeUndefined();
    expect(readBearerToken('Bearer a b')).toBeUndefined();
  });
});

describe('tokensMatch', () => {
  it('is true only for the identical token, including for different lengths', () => {
    expect(tokensMatch('secret-token', 'secret-token')).toBe(true);
    expect(tokensMatch('secret-tokeN', 'secret-token')).toBe(false);
    expect(tokensMatch('secret', 'secret-token')).toBe(false);
    expect(tokensMatch('', 'secret-token')).toBe(false);
  });
});
