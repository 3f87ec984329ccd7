import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OllamaEmbedder, taskPrefixesFor } from './ollama-embedder';
import { unitVector } from './unit-vector';

interface EmbedRequestBody {
  model: string;
  input: string[];
}

type Reply = (body: EmbedRequestBody) => { status: number; json: unknown } | 'hang';

/**
 * Stands in for `ollama serve` on 127.0.0.1: answers POST /api/embed with the body shape that
 * Ollama's API documentation records (docs/api.md, "Generate Embeddings") and its 404 error
 * body for a model that was never pulled. The ollama client under test talks real HTTP to it.
 */
class RecordedOllama {
  readonly requests: EmbedRequestBody[] = [];
  reply: Reply = (body) => ({ status: 200, json: documentedEmbedResponse(body.model, body.input, 768) });
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    if (req.method !== 'POST' || req.url !== '/api/embed') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found');
      return;
    }
    const body = JSON.parse(raw) as EmbedRequestBody;
    this.requests.push(body);
    const answer = this.reply(body);
    if (answer === 'hang') return;
    // Ollama's HTTP layer (gin) labels every JSON answer this way.
    res.writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer.json));
  }
}

/** A deterministic, non-normalised vector per text, so order and normalisation are checkable. */
function fakeVector(text: string, dimension: number): number[] {
  let seed = 0;
  for (const char of text) seed = (seed * 31 + char.charCodeAt(0)) >>> 0;
  return Array.from({ length: dimension }, (_, i) => (((seed + i * 2654435761) >>> 0) % 2000) / 100 - 10);
}

function documentedEmbedResponse(model: string, input: string[], dimension: number) {
  return {
    model,
    embeddings: input.map((text) => fakeVector(text, dimension)),
    total_duration: 14143917,
    load_duration: 1019500,
    prompt_eval_count: input.length * 8,
  };
}

const MODEL_NOT_FOUND = { error: 'model "nomic-embed-text" not found, try pulling it first' };

function norm(vector: Float32Array): number {
  return Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
}

describe('OllamaEmbedder against recorded, real-shaped Ollama /api/embed responses (no Ollama server runs here)', () => {
  let ollama: RecordedOllama;
  let host: string;

  beforeEach(async () => {
    ollama = new RecordedOllama();
    host = await ollama.start();
  });

  afterEach(async () => {
    vi.unstubAllEnvs();
    await ollama.stop();
  });

  it('probes once on connect and learns the model id and dimension', async () => {
    const embedder = await OllamaEmbedder.connect({ host });

    expect(embedder.id).toBe('ollama:nomic-embed-text');
    expect(embedder.dimension).toBe(768);
    expect(ollama.requests).toHaveLength(1);
    expect(ollama.requests[0]!.model).toBe('nomic-embed-text');
    expect(ollama.requests[0]!.input).toHaveLength(1);
    expect(ollama.requests[0]!.input[0]).toMatch(/^search_document: /);
  });

  it('finds the server through OLLAMA_HOST when no host is given', async () => {
    vi.stubEnv('OLLAMA_HOST', host);
    const embedder = await OllamaEmbedder.connect();

    expect(embedder.dimension).toBe(768);
    expect(ollama.requests).toHaveLength(1);
  });

  it('sends documents in batches of 32 with the nomic document prefix and keeps their order', async () => {
    const embedder = await OllamaEmbedder.connect({ host });
    ollama.requests.length = 0;
    const texts = Array.from({ length: 70 }, (_, i) => `note chunk number ${i}`);

    const vectors = await embedder.embedDocuments(texts);

    expect(ollama.requests.map((request) => request.input.length)).toEqual([32, 32, 6]);
    expect(ollama.requests.every((request) => request.model === 'nomic-embed-text')).toBe(true);
    expect(ollama.requests.flatMap((request) => request.input)).toEqual(texts.map((text) => `search_document: ${text}`));
    expect(vectors).toHaveLength(70);
    for (const [i, vector] of vectors.entries()) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(norm(vector)).toBeCloseTo(1, 5);
      expect(Array.from(vector)).toEqual(Array.from(unitVector(fakeVector(`search_document: ${texts[i]}`, 768))!));
    }
  });

  it('honours a smaller batch size and sends nothing for an empty list', async () => {
    const embedder = await OllamaEmbedder.connect({ host, batchSize: 4 });
    ollama.requests.length = 0;

    expect(await embedder.embedDocuments([])).toEqual([]);
    expect(ollama.requests).toHaveLength(0);

    await embedder.embedDocuments(['a', 'b', 'c', 'd', 'e']);
    expect(ollama.requests.map((request) => request.input.length)).toEqual([4, 1]);
  });

  it('embeds a query with the nomic query prefix', async () => {
    const embedder = await OllamaEmbedder.connect({ host });
    ollama.requests.length = 0;

    const vector = await embedder.embedQuery('how does the scheduler place pods');

    expect(ollama.requests).toEqual([{ model: 'nomic-embed-text', input: ['search_query: how does the scheduler place pods'] }]);
    expect(vector).toHaveLength(768);
    expect(norm(vector)).toBeCloseTo(1, 5);
  });

  it('sends text unprefixed for models that do not use task prefixes', async () => {
    ollama.reply = (body) => ({ status: 200, json: documentedEmbedResponse(body.model, body.input, 384) });
    const embedder = await OllamaEmbedder.connect({ host, model: 'all-minilm' });
    await embedder.embedQuery('sky');
    await embedder.embedDocuments(['grass']);

    expect(embedder.id).toBe('ollama:all-minilm');
    expect(embedder.dimension).toBe(384);
    expect(ollama.requests.slice(1).map((request) => request.input)).toEqual([['sky'], ['grass']]);
  });

  it('tells the user to pull the model when Ollama answers 404 model not found', async () => {
    ollama.reply = () => ({ status: 404, json: MODEL_NOT_FOUND });

    await expect(OllamaEmbedder.connect({ host })).rejects.toThrow('run `ollama pull nomic-embed-text`');
  });

  it('names the host and the ways out when nothing listens there', async () => {
    await ollama.stop();
    ollama = new RecordedOllama(); // never started: afterEach may stop it, the old port stays closed

    const failure = OllamaEmbedder.connect({ host });

    await expect(failure).rejects.toThrow(host);
    await expect(failure).rejects.toThrow('start it with `ollama serve`, set OLLAMA_HOST, or use --embedder builtin');
  });

  it('keeps a zero vector at zero', async () => {
    const embedder = await OllamaEmbedder.connect({ host });
    ollama.reply = (body) => ({ status: 200, json: { model: body.model, embeddings: body.input.map(() => new Array(768).fill(0)) } });

    expect(Array.from(await embedder.embedQuery('anything'))).toEqual(new Array(768).fill(0));
  });

  it('rejects a batch answer with the wrong number of vectors', async () => {
    const embedder = await OllamaEmbedder.connect({ host });
    ollama.reply = (body) => ({ status: 200, json: documentedEmbedResponse(body.model, body.input.slice(1), 768) });

    await expect(embedder.embedDocuments(['one', 'two', 'three'])).rejects.toThrow('answered 2 vectors for 3 texts');
  });

  it('rejects vectors whose dimension changed since connect', async () => {
    const embedder = await OllamaEmbedder.connect({ host });
    ollama.reply = (body) => ({ status: 200, json: documentedEmbedResponse(body.model, body.input, 1024) });

    await expect(embedder.embedQuery('anything')).rejects.toThrow(/now answers 1024-dimensional vectors.*started with 768/);
  });

  it('rejects an answer that is not an embeddings list', async () => {
    ollama.reply = () => ({ status: 200, json: { model: 'nomic-embed-text' } });

    await expect(OllamaEmbedder.connect({ host })).rejects.toThrow('without an "embeddings" list');
  });

  it('gives up on a server that never answers, after the request timeout', async () => {
    ollama.reply = () => 'hang';

    await expect(OllamaEmbedder.connect({ host, timeoutMs: 300 })).rejects.toThrow(`Ollama at ${host} did not answer within 300 ms`);
  });
});

describe('taskPrefixesFor', () => {
  it('uses the nomic task prefixes for every nomic-embed-text tag', () => {
    for (const model of ['nomic-embed-text', 'nomic-embed-text:v1.5', 'nomic-embed-text-v2-moe:latest']) {
      expect(taskPrefixesFor(model)).toEqual({ document: 'search_document: ', query: 'search_query: ' });
    }
  });

  it('leaves other models alone', () => {
    expect(taskPrefixesFor('mxbai-embed-large')).toEqual({ document: '', query: '' });
  });
});
