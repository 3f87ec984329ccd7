/**
 * Embeddings from an Ollama server (`POST /api/embed`). This is the only file that imports
 * `ollama`; everything else sees the `Embedder` port.
 */
import { Ollama } from 'ollama';
import type { Embedder } from './embedder';
import { unitVector } from './unit-vector';

const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';
const DEFAULT_OLLAMA_MODEL = 'nomic-embed-text';
const DEFAULT_OLLAMA_BATCH_SIZE = 32;
// Generous: the first request loads the model into memory, and CPU-only machines are slow.
const DEFAULT_OLLAMA_TIMEOUT_MS = 120_000;

export interface OllamaEmbedderOptions {
  /** Server address; default `OLLAMA_HOST`, else http://127.0.0.1:11434. */
  host?: string;
  /** Model name as `ollama pull` knows it; default `nomic-embed-text`. */
  model?: string;
  /** Texts per `/api/embed` request; default 32. */
  batchSize?: number;
  /** Per-request time limit in milliseconds; default 120 000. */
  timeoutMs?: number;
}

export interface TaskPrefixes {
  document: string;
  query: string;
}

const NO_PREFIXES: TaskPrefixes = { document: '', query: '' };
const NOMIC_PREFIXES: TaskPrefixes = { document: 'search_document: ', query: 'search_query: ' };

/**
 * nomic-embed-text was trained with task prefixes and ranks noticeably worse without them;
 * other models get the text as it is.
 */
export function taskPrefixesFor(model: string): TaskPrefixes {
  const name = model.toLowerCase().split('/').pop() ?? '';
  return name.startsWith('nomic-embed-text') ? NOMIC_PREFIXES : NO_PREFIXES;
}

function resolveOllamaHost(host: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return host?.trim() || env.OLLAMA_HOST?.trim() || DEFAULT_OLLAMA_HOST;
}

export class OllamaEmbedder implements Embedder {
  readonly id: string;

  private constructor(
    private readonly client: Ollama,
    readonly host: string,
    readonly model: string,
    readonly dimension: number,
    private readonly batchSize: number,
    private readonly timeoutMs: number,
    private readonly prefixes: TaskPrefixes,
  ) {
    this.id = `ollama:${model}`;
  }

  /**
   * Probes the server once, so that `id` and `dimension` are known before indexing starts
   * and a missing server or model is reported at start-up rather than mid-index.
   */
  static async connect(options: OllamaEmbedderOptions = {}): Promise<OllamaEmbedder> {
    const host = resolveOllamaHost(options.host);
    const model = options.model?.trim() || DEFAULT_OLLAMA_MODEL;
    const batchSize = options.batchSize ?? DEFAULT_OLLAMA_BATCH_SIZE;
    const timeoutMs = options.timeoutMs ?? DEFAULT_OLLAMA_TIMEOUT_MS;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new Error(`Ollama batch size must be a whole number of at least 1 (got ${batchSize}).`);
    }
    if (!(timeoutMs > 0)) {
      throw new Error(`Ollama timeout must be a positive number of milliseconds (got ${timeoutMs}).`);
    }
    let client: Ollama;
    try {
      client = new Ollama({ host, fetch: fetchWithTimeout(timeoutMs) });
    } catch (error) {
      throw new Error(`Ollama host "${host}" is not a valid address (${(error as Error).message}); set OLLAMA_HOST to e.g. ${DEFAULT_OLLAMA_HOST}.`);
    }
    const prefixes = taskPrefixesFor(model);
    const probe = await requestEmbeddings(client, host, model, timeoutMs, [`${prefixes.document}dimension probe`]);
    const dimension = probe[0]?.length ?? 0;
    if (probe.length !== 1 || dimension === 0) {
      throw new Error(
        `Ollama at ${host} answered an empty embedding for model "${model}"; check that it is an embedding model (e.g. ${DEFAULT_OLLAMA_MODEL}).`,
      );
    }
    return new OllamaEmbedder(client, host, model, dimension, batchSize, timeoutMs, prefixes);
  }

  async embedDocuments(texts: string[]): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    // One batch at a time: Ollama queues parallel requests anyway, and order must be kept.
    for (let start = 0; start < texts.length; start += this.batchSize) {
      const batch = texts.slice(start, start + this.batchSize).map((text) => this.prefixes.document + text);
      vectors.push(...(await this.embedBatch(batch)));
    }
    return vectors;
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const [vector] = await this.embedBatch([this.prefixes.query + text]);
    return vector!;
  }

  private async embedBatch(inputs: string[]): Promise<Float32Array[]> {
    const raw = await requestEmbeddings(this.client, this.host, this.model, this.timeoutMs, inputs);
    if (raw.length !== inputs.length) {
      throw new Error(
        `Ollama at ${this.host} answered ${raw.length} vectors for ${inputs.length} texts (model "${this.model}"); upgrade Ollama or lower the batch size, then index again.`,
      );
    }
    return raw.map((values) => {
      if (values.length !== this.dimension) {
        throw new Error(
          `Ollama model "${this.model}" at ${this.host} now answers ${values.length}-dimensional vectors, but this index was started with ${this.dimension}; the model changed on the server — restart vaultplane so it re-embeds the vault.`,
        );
      }
      // A zero vector stays zero: it has no direction to keep.
      return unitVector(values) ?? new Float32Array(values.length);
    });
  }
}

function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return fetch(input, { ...init, signal });
  };
}

async function requestEmbeddings(
  client: Ollama,
  host: string,
  model: string,
  timeoutMs: number,
  input: string[],
): Promise<number[][]> {
  let response: unknown;
  try {
    response = await client.embed({ model, input });
  } catch (error) {
    throw explainFailure(error, host, model, timeoutMs);
  }
  const embeddings = (response as { embeddings?: unknown } | null)?.embeddings;
  if (!Array.isArray(embeddings) || !embeddings.every(isNumberArray)) {
    throw new Error(
      `Ollama at ${host} answered /api/embed without an "embeddings" list of numbers; check that OLLAMA_HOST points at an Ollama server (0.1.26 or newer).`,
    );
  }
  return embeddings;
}

function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'number' && Number.isFinite(item));
}

const NOT_REACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

function explainFailure(error: unknown, host: string, model: string, timeoutMs: number): Error {
  const err = error as { name?: string; message?: string; status_code?: number; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError') {
    return new Error(
      `Ollama at ${host} did not answer within ${timeoutMs} ms; check that the server is not overloaded, raise the timeout, or use --embedder builtin.`,
      { cause: error },
    );
  }
  if (typeof err.status_code === 'number') {
    const said = err.message ?? '';
    if (err.status_code === 404 && /not found/i.test(said)) {
      return new Error(`Ollama at ${host} has no model "${model}" (${said}); run \`ollama pull ${model}\` and start again.`, {
        cause: error,
      });
    }
    return new Error(`Ollama at ${host} refused to embed with model "${model}" (HTTP ${err.status_code}: ${said}).`, { cause: error });
  }
  const code = err.cause?.code;
  if (err.name === 'TypeError' || (code && NOT_REACHABLE_CODES.has(code))) {
    const reason = code ?? err.cause?.message ?? err.message ?? 'connection failed';
    return new Error(
      `Ollama is not reachable at ${host} (${reason}); start it with \`ollama serve\`, set OLLAMA_HOST, or use --embedder builtin.`,
      { cause: error },
    );
  }
  return new Error(`Ollama at ${host} failed to embed with model "${model}": ${err.message ?? String(error)}`, { cause: error });
}
