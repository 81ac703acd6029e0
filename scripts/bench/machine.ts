import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';

export function machineInfo() {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    totalMemoryGB: Number((totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    v8: process.versions.v8,
    openssl: process.versions.openssl,
    platform: `${platform()} ${release()} ${arch()}`,
    loadAverageAtStart: loadavg().map((value) => Number(value.toFixed(2))),
  };
}
