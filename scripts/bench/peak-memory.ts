import { readFileSync } from 'node:fs';

export interface PeakMemory {
  /** process.resourceUsage().maxRSS, KB. On Linux it starts at the *parent's* RSS when the child was forked. */
  maxRssKB: number;
  /** VmHWM of /proc/self/status, KB: the peak RSS of this process image alone (Linux only). */
  vmHwmKB: number | null;
}

function vmHwmKB(): number | null {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

export function peakMemory(): PeakMemory {
  return { maxRssKB: process.resourceUsage().maxRSS, vmHwmKB: vmHwmKB() };
}

export function currentRssKB(): number {
  return Math.round(process.memoryUsage().rss / 1024);
}
