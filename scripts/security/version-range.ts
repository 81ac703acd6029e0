/**
 * Just enough of npm's semver ranges for advisory lists: comparators `<`, `<=`, `>`, `>=`, `=` (or a bare
 * version), space-separated comparators that must all hold, and `||` between alternatives.
 */

type Version = { parts: [number, number, number]; prerelease: string[] };

export function parseVersion(text: string): Version | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(text.trim());
  if (!match) return undefined;
  const parts: [number, number, number] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return { parts, prerelease: match[4] ? match[4].split('.') : [] };
}

function comparePrerelease(a: string[], b: string[]): number {
  if (!a.length || !b.length) return b.length - a.length; // a release sorts after its prereleases
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    if (a[i] === undefined) return -1;
    if (b[i] === undefined) return 1;
    const numeric = /^\d+$/.test(a[i]!) && /^\d+$/.test(b[i]!);
    const order = numeric ? Number(a[i]) - Number(b[i]) : a[i]!.localeCompare(b[i]!);
    if (order !== 0) return Math.sign(order);
  }
  return 0;
}

export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i += 1) if (a.parts[i] !== b.parts[i]) return Math.sign(a.parts[i]! - b.parts[i]!);
  return comparePrerelease(a.prerelease, b.prerelease);
}

/** Whether `version` lies in `range`; throws on a range it cannot read (a typo in the list must not pass silently). */
export function satisfiesRange(version: string, range: string): boolean {
  const parsed = parseVersion(version);
  if (!parsed) return false;
  return range.split('||').some((alternative) => {
    const comparators = alternative.trim().split(/\s+/).filter(Boolean);
    if (!comparators.length) throw new Error(`empty range in "${range}"`);
    return comparators.every((comparator) => {
      const match = /^(<=|>=|<|>|=)?(.+)$/.exec(comparator);
      const bound = match && parseVersion(match[2]!);
      if (!match || !bound) throw new Error(`cannot read "${comparator}" in "${range}"`);
      const order = compareVersions(parsed, bound);
      switch (match[1] ?? '=') {
        case '<':
          return order < 0;
        case '<=':
          return order <= 0;
        case '>':
          return order > 0;
        case '>=':
          return order >= 0;
        default:
          return order === 0;
      }
    });
  });
}
