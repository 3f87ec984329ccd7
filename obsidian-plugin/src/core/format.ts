// How numbers read in a table cell. Pure.

/** "42s", "5m", "3h 4m", "2d 3h"; a time in the future (clock skew) reads as "0s". */
export function formatAge(fromIso: string, now: Date): string {
  const from = Date.parse(fromIso);
  if (Number.isNaN(from)) return '?';
  const seconds = Math.max(0, Math.floor((now.getTime() - from) / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours}h` : `${hours}h ${minutes % 60}m`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days}d` : `${days}d ${hours % 24}h`;
}

/** Cores as people write them: "500m" below one core (Kubernetes style), else "1.5". */
export function formatCpu(cores: number): string {
  if (!Number.isFinite(cores) || cores < 0) return '?';
  if (cores === 0) return '0';
  if (cores < 1) return `${Math.round(cores * 1000)}m`;
  return trimZeros(cores.toFixed(2));
}

/** "512 MiB", "1.5 GiB". */
export function formatMemoryMb(mb: number): string {
  if (!Number.isFinite(mb) || mb < 0) return '?';
  if (mb < 1024) return `${trimZeros(mb.toFixed(mb < 10 ? 1 : 0))} MiB`;
  return `${trimZeros((mb / 1024).toFixed(mb < 10 * 1024 ? 2 : 1))} GiB`;
}

/** "1.5 / 4 cores", "3.2 GiB / 16 GiB free" style pairs for capacity. */
export function formatCapacity(available: { cpu: number; memoryMb: number }, total: { cpu: number; memoryMb: number }): string {
  return `${formatCpu(available.cpu)}/${formatCpu(total.cpu)} CPU, ${formatMemoryMb(available.memoryMb)}/${formatMemoryMb(total.memoryMb)} free`;
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
