import { readFile } from 'node:fs/promises';
import { InvalidPolicyError } from '../errors';
import { parseYamlDocument } from '../yaml-document';
import { DEFAULT_POLICY, PolicySchema, type Policy } from './policy-schema';

// Reads and validates the policy file. Errors name the file, the line (YAML) or the field path
// (schema), so an operator can fix it without guessing.

export function parsePolicy(text: string, path: string): Policy {
  return parseYamlDocument(PolicySchema, text, (detail, cause) => new InvalidPolicyError(path, detail, { cause }));
}

/** The default policy when the file does not exist and `missingOk` is set. */
export async function loadPolicyFile(path: string, options: { missingOk?: boolean } = {}): Promise<Policy> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT' && options.missingOk) return DEFAULT_POLICY;
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidPolicyError(path, `it cannot be read (${reason})`, { cause: error });
  }
  return parsePolicy(text, path);
}
