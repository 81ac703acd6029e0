import { readFileSync } from 'node:fs';
import { satisfiesRange } from './version-range.js';

/** One known advisory the project keeps in config/advisories.json. */
export interface Advisory {
  id: string;
  package: string;
  /** The affected versions, as an npm range. */
  vulnerable: string;
  severity: 'low' | 'moderate' | 'high' | 'critical';
  summary: string;
}

export interface InstalledPackage {
  name: string;
  version: string;
  /** Where package-lock.json puts it (`node_modules/a/node_modules/b`). */
  path: string;
}

/** Every package package-lock.json (lockfileVersion 2 or 3) installs, nested copies included. */
export function readLockedPackages(lockPath: string): InstalledPackage[] {
  type LockEntry = { version?: string; name?: string; link?: boolean };
  const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as { packages?: Record<string, LockEntry> };
  if (!lock.packages) throw new Error(`${lockPath} has no "packages" (lockfileVersion 2 or later is needed)`);
  const installed: InstalledPackage[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path || entry.link || !entry.version) continue;
    const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    installed.push({ name, version: entry.version, path });
  }
  return installed;
}

export function readAdvisories(listPath: string): Advisory[] {
  const list = JSON.parse(readFileSync(listPath, 'utf8')) as { advisories?: Advisory[] };
  if (!Array.isArray(list.advisories)) throw new Error(`${listPath} needs an "advisories" array`);
  return list.advisories;
}

/** Installed packages that an advisory covers. */
export interface AdvisoryHit {
  advisory: Advisory;
  installed: InstalledPackage;
}

export function findAdvisoryHits(options: { installed: InstalledPackage[]; advisories: Advisory[] }): AdvisoryHit[] {
  const hits: AdvisoryHit[] = [];
  for (const advisory of options.advisories) {
    for (const installed of options.installed) {
      if (installed.name !== advisory.package) continue;
      if (satisfiesRange(installed.version, advisory.vulnerable)) hits.push({ advisory, installed });
    }
  }
  return hits;
}
