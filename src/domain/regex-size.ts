/**
 * An upper bound on the RE2 instructions a pattern compiles to, read from its text
 * without compiling it. Compiling costs time in proportion to the program (re2js: some
 * 4 µs per instruction, and RE2 allows 1.4 million), and `\p{L}{1000}` is 1,000
 * instructions in 11 characters: a draft full of such patterns would stall the server
 * while it is read. Bounding this estimate first bounds that work. It counts every
 * literal, class or escape as one instruction, a group as its contents plus two, an
 * alternation as its branches plus one, and a repeated atom as (copies) × (atom + 1),
 * with two copies for `*` `+` `?` and max(n, m) + 1 for `{n,m}`; RE2 folds common
 * prefixes and shares copies, so the real program is smaller.
 */
export function estimatedProgram(source: string): number {
  const scan = { source, at: 0 };
  let total = 2 + sequence(scan); // the program's start and match
  // An unmatched `)` makes the pattern invalid; count the rest all the same.
  while (scan.at < source.length) {
    scan.at++;
    total += sequence(scan);
  }
  return total;
}

interface Scan {
  source: string;
  at: number;
}

/** Alternation of concatenations, up to an unmatched `)` or the end. */
function sequence(s: Scan): number {
  let total = 0;
  let branch = 0;
  let last = 0;
  while (s.at < s.source.length) {
    const c = s.source[s.at]!;
    if (c === ')') break;
    if (c === '|') {
      total += branch + 1;
      branch = 0;
      last = 0;
      s.at++;
      continue;
    }
    const copies = repetition(s);
    if (copies !== undefined) {
      // The atom before it is copied, each copy with a branch instruction of its own.
      branch -= last;
      last = copies * (last + 1);
      branch += last;
      continue;
    }
    last = atom(s);
    branch += last;
  }
  return total + branch;
}

/** At most how many copies a quantifier at the cursor makes (consuming it), or undefined. */
function repetition(s: Scan): number | undefined {
  const c = s.source[s.at];
  if (c === '*' || c === '+' || c === '?') {
    s.at++;
    if (s.source[s.at] === '?') s.at++; // lazy
    return 2;
  }
  if (c !== '{') return undefined;
  const counted = /^\{(\d+)(?:,(\d*))?\}\??/.exec(s.source.slice(s.at, s.at + 24));
  if (!counted) return undefined; // a literal `{`
  s.at += counted[0].length;
  return Math.max(Number(counted[1]), Number(counted[2] || 0)) + 1;
}

/** One literal, escape, class or group; its instructions. */
function atom(s: Scan): number {
  const c = s.source[s.at]!;
  if (c === '\\') return escape(s);
  if (c === '[') {
    charClass(s);
    return 1;
  }
  if (c === '(') {
    s.at++;
    const flags = /^\?(?:[a-zA-Z-]*\)|[a-zA-Z-]*:|P?<[^>]*>)/.exec(s.source.slice(s.at, s.at + 80));
    if (flags) s.at += flags[0].length;
    if (flags?.[0].endsWith(')')) return 0; // (?i): flags only
    const inner = sequence(s);
    if (s.source[s.at] === ')') s.at++;
    return inner + 2; // a capture's start and end
  }
  s.at++;
  return 1;
}

function escape(s: Scan): number {
  const next = s.source[s.at + 1];
  s.at += 2;
  if (next === 'Q') {
    const end = s.source.indexOf('\\E', s.at);
    const literal = end < 0 ? s.source.length - s.at : end - s.at;
    s.at = end < 0 ? s.source.length : end + 2;
    return literal;
  }
  if ((next === 'p' || next === 'P' || next === 'x') && s.source[s.at] === '{') {
    const close = s.source.indexOf('}', s.at);
    s.at = close < 0 ? s.source.length : close + 1;
  }
  return 1;
}

/** Skips `[...]`, where `]` right after `[` or `[^` is a member and `[:alpha:]` nests. */
function charClass(s: Scan): void {
  s.at++;
  if (s.source[s.at] === '^') s.at++;
  if (s.source[s.at] === ']') s.at++;
  while (s.at < s.source.length) {
    const c = s.source[s.at]!;
    if (c === '\\') s.at += 2;
    else if (c === '[' && s.source[s.at + 1] === ':') {
      const close = s.source.indexOf(':]', s.at + 2);
      s.at = close < 0 ? s.source.length : close + 2;
    } else if (c === ']') {
      s.at++;
      return;
    } else s.at++;
  }
}
