import { describe, expect, it } from 'vitest';
import { imageAllowed } from './glob';

describe('imageAllowed', () => {
  it('lets * match within a segment only and ** across segments', () => {
    expect(imageAllowed('vaultplane/busybox:test', ['vaultplane/*'])).toBe(true);
    expect(imageAllowed('vaultplane/tools/busybox:test', ['vaultplane/*'])).toBe(false);
    expect(imageAllowed('vaultplane/tools/busybox:test', ['vaultplane/**'])).toBe(true);
    expect(imageAllowed('ghcr.io/acme/agent:1.2', ['ghcr.io/acme/*:1.?'])).toBe(true);
  });

  it('treats dots and other regex characters literally', () => {
    expect(imageAllowed('ghcrXio/acme/agent', ['ghcr.io/acme/*'])).toBe(false);
    expect(imageAllowed('a+b/c', ['a+b/*'])).toBe(true);
  });

  it('reads an untagged reference as :latest, so tag patterns still apply', () => {
    expect(imageAllowed('busybox', ['busybox:latest'])).toBe(true);
    expect(imageAllowed('busybox', ['busybox:1.36'])).toBe(false);
    expect(imageAllowed('localhost:5000/app', ['localhost:5000/app:latest'])).toBe(true);
  });

  it('allows nothing with no patterns', () => {
    expect(imageAllowed('busybox', [])).toBe(false);
  });
});
