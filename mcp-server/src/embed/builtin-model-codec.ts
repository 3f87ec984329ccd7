/**
 * Byte format of a built-in embedder model, so the indexer can keep it in the data dir and a
 * restart reuses it (and the vectors made with it). Little-endian throughout:
 *
 *   "VPBM" | u32 format version | u32 header length | header JSON (UTF-8)
 *   then, for a co-occurrence model: u32 length + feature strings joined by "\n",
 *   f32 document weights, f32 query weights, f32 row scales, i8 projection (features x dimension).
 *
 * Pure. Decoding checks every length, so a truncated or foreign file fails with a clear error.
 */
import type { CooccurrenceModel } from './cooccurrence-model';

const MAGIC = 'VPBM';
const FORMAT_VERSION = 1;

export interface EncodedHeader {
  kind: 'cooccurrence' | 'hashed';
  documents: number;
  dimension: number;
  rank?: number;
  features?: number;
  /** Share of term occurrences the model knew when it was trained. */
  coverage?: number;
}

export class ModelFormatError extends Error {
  readonly code = 'MODEL_FORMAT';
  constructor(message: string) {
    super(`${message}; delete the model file and the index will train a new one`);
    this.name = 'ModelFormatError';
  }
}

class Writer {
  private readonly parts: Uint8Array[] = [];
  private size = 0;
  push(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.size += bytes.byteLength;
  }
  u32(value: number): void {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value, true);
    this.push(bytes);
  }
  f32s(values: Float32Array): void {
    const bytes = new Uint8Array(values.length * 4);
    const view = new DataView(bytes.buffer);
    values.forEach((value, index) => view.setFloat32(index * 4, value, true));
    this.push(bytes);
  }
  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const part of this.parts) {
      out.set(part, offset);
      offset += part.byteLength;
    }
    return out;
  }
}

class Reader {
  private offset = 0;
  private readonly view: DataView;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  take(length: number, what: string): Uint8Array {
    if (!Number.isInteger(length) || length < 0 || this.offset + length > this.bytes.byteLength) {
      throw new ModelFormatError(`Embedder model is truncated (reading ${what})`);
    }
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }
  u32(what: string): number {
    const slice = this.take(4, what);
    return new DataView(slice.buffer, slice.byteOffset, 4).getUint32(0, true);
  }
  f32s(count: number, what: string): Float32Array {
    const slice = this.take(count * 4, what);
    const view = new DataView(slice.buffer, slice.byteOffset, slice.byteLength);
    const out = new Float32Array(count);
    for (let index = 0; index < count; index += 1) out[index] = view.getFloat32(index * 4, true);
    return out;
  }
  get remaining(): number {
    return this.bytes.byteLength - this.offset;
  }
}

export function encodeModel(header: EncodedHeader, cooccurrence?: CooccurrenceModel): Uint8Array {
  const writer = new Writer();
  const encoder = new TextEncoder();
  writer.push(encoder.encode(MAGIC));
  writer.u32(FORMAT_VERSION);
  const headerBytes = encoder.encode(JSON.stringify(header));
  writer.u32(headerBytes.byteLength);
  writer.push(headerBytes);
  if (header.kind === 'cooccurrence') {
    if (!cooccurrence) throw new Error('encodeModel: a co-occurrence header needs its model');
    const featureBytes = encoder.encode(cooccurrence.features.join('\n'));
    writer.u32(featureBytes.byteLength);
    writer.push(featureBytes);
    writer.f32s(cooccurrence.documentWeights);
    writer.f32s(cooccurrence.queryWeights);
    writer.f32s(cooccurrence.rowScales);
    writer.push(new Uint8Array(cooccurrence.projection.buffer, cooccurrence.projection.byteOffset, cooccurrence.projection.byteLength));
  }
  return writer.finish();
}

function positiveInteger(value: unknown, what: string, allowZero = false): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new ModelFormatError(`Embedder model header has a bad ${what} (${String(value)})`);
  }
  return value;
}

export function decodeModel(bytes: Uint8Array): { header: EncodedHeader; cooccurrence?: CooccurrenceModel } {
  const reader = new Reader(bytes);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  if (bytes.byteLength < 4 || decoder.decode(reader.take(4, 'magic')) !== MAGIC) {
    throw new ModelFormatError('Not a vaultplane embedder model (bad magic bytes)');
  }
  const version = reader.u32('version');
  if (version !== FORMAT_VERSION) {
    throw new ModelFormatError(`Embedder model format ${version} is not the supported format ${FORMAT_VERSION}`);
  }
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(decoder.decode(reader.take(reader.u32('header length'), 'header'))) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof ModelFormatError) throw error;
    throw new ModelFormatError('Embedder model header is not valid JSON');
  }
  const kind = raw.kind;
  if (kind !== 'cooccurrence' && kind !== 'hashed') throw new ModelFormatError(`Embedder model has an unknown kind (${String(kind)})`);
  const header: EncodedHeader = {
    kind,
    documents: positiveInteger(raw.documents, 'document count', true),
    dimension: positiveInteger(raw.dimension, 'dimension'),
  };
  if (kind === 'hashed') {
    if (reader.remaining !== 0) throw new ModelFormatError('Embedder model has trailing bytes');
    return { header };
  }
  const rank = positiveInteger(raw.rank, 'rank');
  const featureCount = positiveInteger(raw.features, 'feature count');
  if (rank > header.dimension) throw new ModelFormatError('Embedder model rank exceeds its dimension');
  header.rank = rank;
  header.features = featureCount;
  if (typeof raw.coverage === 'number') header.coverage = raw.coverage;
  let features: string[];
  try {
    features = decoder.decode(reader.take(reader.u32('feature list length'), 'feature list')).split('\n');
  } catch (error) {
    if (error instanceof ModelFormatError) throw error;
    throw new ModelFormatError('Embedder model feature list is not valid UTF-8');
  }
  if (features.length !== featureCount) throw new ModelFormatError('Embedder model feature list does not match its header');
  const documentWeights = reader.f32s(featureCount, 'document weights');
  const queryWeights = reader.f32s(featureCount, 'query weights');
  const rowScales = reader.f32s(featureCount, 'row scales');
  const projectionBytes = reader.take(featureCount * header.dimension, 'projection');
  const projection = new Int8Array(projectionBytes.byteLength);
  projection.set(new Int8Array(projectionBytes.buffer, projectionBytes.byteOffset, projectionBytes.byteLength));
  if (reader.remaining !== 0) throw new ModelFormatError('Embedder model has trailing bytes');
  return {
    header,
    cooccurrence: {
      documents: header.documents,
      coverage: header.coverage ?? 1,
      dimension: header.dimension,
      rank,
      features,
      documentWeights,
      queryWeights,
      rowScales,
      projection,
    },
  };
}
