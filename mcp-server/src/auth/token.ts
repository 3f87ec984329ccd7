/**
 * Where the API/MCP bearer token comes from: VAULTPLANE_TOKEN wins, else `<dataDir>/token`,
 * else a new random token is written there (mode 0600) so the next start and other local
 * tools (the Obsidian plugin, scripts) find the same one.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateToken, tokenFormatProblem } from './bearer';

export const TOKEN_FILE_NAME = 'token';

export type TokenSource = 'env' | 'file' | 'generated';

export interface LoadedToken {
  token: string;
  source: TokenSource;
  /** The token file, when the token came from or went to one. */
  path?: string;
}

export interface LoadTokenOptions {
  dataDir: string;
  /** Usually `process.env.VAULTPLANE_TOKEN`; empty or blank counts as unset. */
  envToken?: string;
}

export class TokenError extends Error {
  readonly code = 'TOKEN_INVALID';
}

export async function loadOrCreateToken(options: LoadTokenOptions): Promise<LoadedToken> {
  const envToken = options.envToken?.trim();
  if (envToken) {
    const problem = tokenFormatProblem(envToken);
    if (problem) throw new TokenError(`VAULTPLANE_TOKEN is not usable: ${problem}; set another value or unset it to use a generated one`);
    return { token: envToken, source: 'env' };
  }

  const path = join(options.dataDir, TOKEN_FILE_NAME);
  const existing = await readTokenFile(path);
  if (existing !== undefined) return { token: existing, source: 'file', path };

  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const created = await createTokenFile(path);
  // Another process may have created the file between our read and our write; its token wins.
  if (!created) {
    const winner = await readTokenFile(path);
    if (winner !== undefined) return { token: winner, source: 'file', path };
    throw new TokenError(`Token file ${path} appeared empty while starting; delete it and start again`);
  }
  return { token: created, source: 'generated', path };
}

/** The token in the file, undefined when there is no file (or only whitespace, e.g. after a crash). */
async function readTokenFile(path: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw new TokenError(`Cannot read token file ${path}: ${(error as Error).message}; fix its permissions or set VAULTPLANE_TOKEN`);
  }
  const token = text.trim();
  if (token === '') return undefined;
  const problem = tokenFormatProblem(token);
  if (problem) throw new TokenError(`Token file ${path} is not usable: ${problem}; delete it to generate a new one or set VAULTPLANE_TOKEN`);
  return token;
}

/**
 * Writes a fresh token atomically: a private temp file hard-linked into place, so a reader
 * never sees a half-written file and two starting processes never both win. An empty
 * leftover file is replaced. Returns undefined when another process got there first.
 */
async function createTokenFile(path: string): Promise<string | undefined> {
  const token = generateToken();
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, `${token}\n`, { mode: 0o600, flag: 'wx' });
  try {
    try {
      await link(temp, path);
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
      if ((await readTokenFile(path)) !== undefined) return undefined;
      await unlink(path);
      await link(temp, path);
    }
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  return token;
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;
}
