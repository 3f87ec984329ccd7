/**
 * Where the indexer gets its embedder. A fixed one (Ollama) never changes; the built-in one
 * learns from the vault, so it is trained when there is no model yet, retrained when the
 * vault has grown past what the model saw, and persisted in the data dir so that a restart
 * reuses it (and the vectors built with it) instead of re-embedding everything.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Embedder } from '../embed/embedder';
import {
  BuiltinEmbedder,
  BuiltinModelTrainer,
  deserializeBuiltinModel,
  serializeBuiltinModel,
  shouldRetrain,
  type BuiltinModel,
} from '../embed/builtin-embedder';

export interface CorpusStats {
  /** Chunks the vault holds now. */
  documents: number;
  /** Share of the indexed chunks' term occurrences the embedder knew, where it counted them. */
  termCoverage?: number;
}

export interface EmbedderSource {
  /** The embedder to use now, or undefined when one must first be trained. */
  current(): Embedder | undefined;
  /** True when the corpus has moved far enough from the model that it should be rebuilt. */
  needsRefresh(stats: CorpusStats): boolean;
  /** Rebuilds the embedder from every chunk text of the vault, handed over one at a time. */
  startRefresh(): EmbedderRefresh;
}

/** A rebuild in progress: every chunk text of the vault, in vault order, then finish. */
export interface EmbedderRefresh {
  add(chunkText: string): void;
  finish(): Promise<Embedder>;
}

export class FixedEmbedderSource implements EmbedderSource {
  constructor(private readonly embedder: Embedder) {}
  current(): Embedder {
    return this.embedder;
  }
  needsRefresh(): boolean {
    return false;
  }
  startRefresh(): EmbedderRefresh {
    return { add: () => {}, finish: async () => this.embedder };
  }
}

const MODEL_FILE = 'builtin-model.bin';

export class BuiltinEmbedderSource implements EmbedderSource {
  private constructor(
    private readonly dataDir: string,
    private model: BuiltinModel | undefined,
    private embedder: Embedder | undefined,
  ) {}

  static async load(dataDir: string): Promise<BuiltinEmbedderSource> {
    let model: BuiltinModel | undefined;
    try {
      model = deserializeBuiltinModel(new Uint8Array(await readFile(join(dataDir, MODEL_FILE))));
    } catch (error) {
      // No model yet, or one from an older format: training a new one is the cure for both.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        process.stderr.write(`vaultplane: ignoring unreadable embedder model (${(error as Error).message}); retraining\n`);
      }
    }
    return new BuiltinEmbedderSource(dataDir, model, model ? new BuiltinEmbedder(model) : undefined);
  }

  current(): Embedder | undefined {
    return this.embedder;
  }

  needsRefresh(stats: CorpusStats): boolean {
    return !this.model || shouldRetrain(this.model, stats);
  }

  startRefresh(): EmbedderRefresh {
    const trainer = new BuiltinModelTrainer();
    return { add: (chunkText) => trainer.add(chunkText), finish: () => this.adopt(trainer.finish()) };
  }

  /** Persists a freshly trained model and makes it the current embedder. */
  private async adopt(model: BuiltinModel): Promise<Embedder> {
    await mkdir(this.dataDir, { recursive: true });
    const target = join(this.dataDir, MODEL_FILE);
    const temporary = `${target}.${process.pid}.tmp`;
    await writeFile(temporary, serializeBuiltinModel(model));
    await rename(temporary, target);
    const embedder = new BuiltinEmbedder(model);
    this.model = model;
    this.embedder = embedder;
    return embedder;
  }
}
