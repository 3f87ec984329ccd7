/**
 * Every note as an MCP resource: `vault://<path>` for the first vault, and
 * `vault://<path>?vault=<name>` for the others, so several vaults never collide.
 */
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolDeps } from '../tools/tool-deps';

export function noteUri(path: string, vault: string, isDefaultVault: boolean): string {
  const encodedPath = path.split('/').map(encodeURIComponent).join('/');
  return isDefaultVault ? `vault://${encodedPath}` : `vault://${encodedPath}?vault=${encodeURIComponent(vault)}`;
}

export function registerNoteResources(server: McpServer, { vaults }: ToolDeps): void {
  // The SDK's matcher needs a query part when the template names one, so `?vault=` is split off by hand.
  const template = new ResourceTemplate('vault://{+path}', {
    list: async () => ({
      resources: vaults.vaults.flatMap((vault, position) =>
        vault.indexer
          .allStatuses()
          .filter((status) => status.state === 'indexed')
          .map((status) => ({
            uri: noteUri(status.path, vault.name, position === 0),
            name: status.path,
            title: status.title,
            mimeType: 'text/markdown',
          })),
      ),
    }),
  });
  server.registerResource(
    'note',
    template,
    { title: 'Vault note', description: 'A markdown note of the vault', mimeType: 'text/markdown' },
    async (uri, variables) => {
      // The SDK's matcher needs a query part when a template names one, so `?vault=` is split off here.
      const raw = Array.isArray(variables.path) ? variables.path.join('/') : String(variables.path ?? '');
      const [rawPath = '', query = ''] = raw.split('?', 2);
      const vaultName = new URLSearchParams(query).get('vault') ?? undefined;
      // The note store decodes percent-encoding exactly once; decoding here too would double it.
      const note = await vaults.get(vaultName).notes.read(rawPath, {});;
      return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text: note.content }] };
    },
  );
}
