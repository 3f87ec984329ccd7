import { requestUrl } from 'obsidian';
import { streamWithFetch, type Transport } from './transport';

/**
 * Inside Obsidian: `requestUrl` for whole responses (it is Obsidian's supported network call and
 * is not bound by CORS), `fetch` for event streams, which `requestUrl` cannot deliver piecemeal.
 * The server allows the app's origin (app://obsidian.md) for those.
 */
export function obsidianTransport(): Transport {
  return {
    async request(request) {
      const response = await requestUrl({ url: request.url, method: request.method, headers: request.headers, body: request.body, throw: false });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) headers[name.toLowerCase()] = value;
      return { status: response.status, headers, text: response.text };
    },
    stream: (request, signal) => streamWithFetch((input, init) => window.fetch(input, init), request, signal),
  };
}
