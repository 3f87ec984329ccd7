/**
 * A STAND-IN for the `obsidian` module in unit tests (Obsidian itself cannot run here). It has
 * only the symbols the tests reach, with just enough behaviour to observe the plugin's side:
 * notices are recorded, modals do nothing, requestUrl goes over Node's fetch the way Obsidian's
 * goes over the network. Wired by the vitest alias in vitest.config.ts.
 */

export const noticesShown: string[] = [];

export class Notice {
  constructor(message: string | DocumentFragment) {
    noticesShown.push(String(message));
  }
}

export class Modal {
  constructor(readonly app: unknown) {}
  open(): void {}
  close(): void {}
  setTitle(): this {
    return this;
  }
}

export class SuggestModal<T> extends Modal {
  emptyStateText = '';
  setPlaceholder(): void {}
  declare readonly suggestionType?: T;
}

export class Setting {}

/** instanceof target only: the tests' editor contexts are not views. */
export class MarkdownView {}

interface RequestUrlParam {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  throw?: boolean;
}

export async function requestUrl(request: RequestUrlParam): Promise<{ status: number; headers: Record<string, string>; text: string }> {
  const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
  const text = await response.text();
  if (request.throw !== false && response.status >= 400) throw new Error(`Request failed, status ${response.status}`);
  // Obsidian hands headers over as a plain object whose name case is the server's.
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.replace(/(^|-)([a-z])/g, (_match, dash: string, letter: string) => dash + letter.toUpperCase())] = value;
  });
  return { status: response.status, headers, text };
}
