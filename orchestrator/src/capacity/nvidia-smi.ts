// Reads `nvidia-smi --query-gpu=index,name,memory.total --format=csv,noheader,nounits`. Pure.

export const NVIDIA_SMI_ARGS = ['--query-gpu=index,name,memory.total', '--format=csv,noheader,nounits'] as const;

export interface GpuInfo {
  index: number;
  name: string;
  memoryMb: number;
}

export function parseNvidiaSmi(output: string): GpuInfo[] {
  const gpus: GpuInfo[] = [];
  for (const line of output.split('\n')) {
    if (line.trim() === '') continue;
    const fields = line.split(',').map((field) => field.trim());
    if (fields.length < 3) continue;
    const index = Number(fields[0]);
    const memoryMb = Number(fields[fields.length - 1]);
    // GPU names can hold commas; they are everything between the first and last field.
    const name = fields.slice(1, -1).join(', ');
    if (!Number.isInteger(index) || !Number.isFinite(memoryMb)) continue;
    gpus.push({ index, name, memoryMb });
  }
  return gpus;
}
