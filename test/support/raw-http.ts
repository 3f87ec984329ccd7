import { request } from 'node:http';

// One HTTP request exactly as given: any Host, repeated headers, bytes that are not UTF-8, a
// Content-Length that lies. fetch() would refuse or fix most of these.

export interface RawHttpRequest {
  method: string;
  path: string;
  /** `host` defaults to 127.0.0.1:<port>; an array sends the header once per value. */
  headers: Record<string, string | string[]>;
  body?: Buffer | string | undefined;
}

export interface RawHttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

const CHUNK_BYTES = 64 * 1024;

/**
 * Sends the body in chunks and stops as soon as the server answers: a server that refuses a
 * large body early (413) closes the connection, and bytes still arriving then would reset it
 * and could lose the answer.
 */
export function sendRaw(port: number, raw: RawHttpRequest): Promise<RawHttpResponse> {
  const body = raw.body === undefined ? undefined : Buffer.from(raw.body);
  // keep-alive as browsers and fetch send it: with "close" a server may cut the socket the moment it has answered.
  const headers: Record<string, string | string[]> = { host: `127.0.0.1:${port}`, connection: 'keep-alive', ...raw.headers };
  if (body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-length')) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    let answered = false;
    // A fresh connection each time: a kept-alive one may be closing just as it is reused.
    const req = request({ host: '127.0.0.1', port, method: raw.method, path: raw.path, headers, setHost: false, agent: false }, (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        // A body cut short by the answer leaves the request unfinished; nothing more is sent on it.
        if (!req.writableEnded) req.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
      });
      res.on('error', reject);
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const writeFrom = (offset: number): void => {
      if (answered || body === undefined || offset >= body.length) {
        if (!answered) req.end();
        return;
      }
      req.write(body.subarray(offset, offset + CHUNK_BYTES), () => writeFrom(offset + CHUNK_BYTES));
    };
    req.flushHeaders();
    writeFrom(0);
  });
}
