import type { Document, LineCounter } from 'yaml';

/** The line of the node at a path when it exists, else of its nearest parent that does (else 1). */
export function nodeLine(doc: Document, lineCounter: LineCounter, path: readonly unknown[]): number {
  for (let at = [...path]; at.length > 0; at.pop()) {
    const node = doc.getIn(at, true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lineCounter.linePos(node.range[0]).line;
  }
  return 1;
}
