import { spawnSync } from 'node:child_process';
import { closeSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './external-tool.js';

export interface SmallFilesystem {
  dir: string;
  /** Bytes free for an unprivileged writer. */
  free(): number;
  /** Writes a filler file until only about `bytes` stay free (tmpfs counts whole pages). */
  leaveFree(bytes: number): void;
  /** Removes the filler. */
  makeRoom(): void;
  unmount(): void;
}

/**
 * A real, small file system (tmpfs of `sizeMb`) to fill up: writes there meet a real ENOSPC. Mounting needs root;
 * under CI=true a failure to mount is an error, elsewhere the caller skips (loudly).
 */
export function mountSmallFilesystem(sizeMb: number): SmallFilesystem | undefined {
  const dir = tempDir('segl-small-fs-');
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0700`, 'tmpfs', dir], {
    encoding: 'utf8',
  });
  if (mount.status !== 0) {
    const message = `cannot mount a tmpfs (needs root): ${mount.stderr || mount.error?.message}`;
    if (process.env.CI === 'true') throw new Error(`${message}; CI runs as root and must be able to`);
    process.stderr.write(`\n!!! SKIPPING full-disk tests: ${message}\n\n`);
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  const filler = join(dir, 'filler');
  const free = () => {
    const stats = statfsSync(dir);
    return Number(stats.bavail) * Number(stats.bsize);
  };
  return {
    dir,
    free,
    leaveFree(bytes) {
      const fd = openSync(filler, 'a');
      try {
        const chunk = Buffer.alloc(1024 * 1024);
        for (let excess = free() - bytes; excess > 0; excess = free() - bytes) {
          writeSync(fd, chunk, 0, Math.min(chunk.length, excess));
        }
      } finally {
        closeSync(fd);
      }
    },
    makeRoom() {
      rmSync(filler, { force: true });
    },
    unmount() {
      spawnSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
