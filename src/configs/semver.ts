/** Just enough SemVer for ordering config versions and proposing the next one. */

interface Parsed {
  core: [number, number, number];
  prerelease: string | null;
}

function parse(version: string): Parsed {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(version.trim());
  if (!m) return { core: [0, 0, 0], prerelease: version };
  return { core: [Number(m[1]), Number(m[2]), Number(m[3])], prerelease: m[4] ?? null };
}

/** Negative when a < b, 0 when equal (build metadata ignored), positive when a > b. */
export function compareSemver(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = pa.core[i]! - pb.core[i]!;
    if (d !== 0) return d;
  }
  // A pre-release sorts before its release.
  if (pa.prerelease === pb.prerelease) return 0;
  if (pa.prerelease === null) return 1;
  if (pb.prerelease === null) return -1;
  return pa.prerelease < pb.prerelease ? -1 : 1;
}

/** The next minor version after the highest of the given ones: 2.3.1, 2.4.0 → 2.5.0. */
export function nextMinorVersion(versions: readonly string[]): string {
  const highest = [...versions].sort(compareSemver).at(-1) ?? '0.0.0';
  const [major, minor] = parse(highest).core;
  return `${major}.${minor + 1}.0`;
}
