// How the client reaches the server, as a small interface: Obsidian's `requestUrl` plus `fetch`
// inside the app (obsidian-transport.ts), plain `fetch` in a browser test page or in Node.

export interface HttpRequest {
  url: string;
  method: 'GET' | 'POST' | 'DELETE';
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  text: string;
}

export interface StreamResponse {
  status: number;
  headers: Record<string, string>;
  /** null only for bodiless answers. */
  body: ReadableStream<Uint8Array> | null;
}

export interface Transport {
  /** A whole response of any status; rejects only when no HTTP answer came (server down, refused, DNS). */
  request(request: HttpRequest): Promise<HttpResponse>;
  /** A response whose body is read as it arrives (server-sent events); aborting `signal` ends it. */
  stream(request: HttpRequest, signal: AbortSignal): Promise<StreamResponse>;
}

export function fetchTransport(fetchFn: typeof fetch): Transport {
  return {
    async request(request) {
      const response = await fetchFn(request.url, { method: request.method, headers: request.headers, body: request.body });
      return { status: response.status, headers: headersOf(response.headers), text: await response.text() };
    },
    stream: (request, signal) => streamWithFetch(fetchFn, request, signal),
  };
}

/**
 * Streaming uses fetch everywhere: Obsidian's `requestUrl` resolves only when the whole body has
 * arrived, and an event stream never ends.
 */
export async function streamWithFetch(fetchFn: typeof fetch, request: HttpRequest, signal: AbortSignal): Promise<StreamResponse> {
  const response = await fetchFn(request.url, { method: request.method, headers: request.headers, body: request.body, signal, cache: 'no-store' });
  return { status: response.status, headers: headersOf(response.headers), body: response.body };
}

function headersOf(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  headers.forEach((value, name) => {
    result[name.toLowerCase()] = value;
  });
  return result;
}
