/**
 * Splits text chunks into lines (without their \n or \r\n), in order, never
 * holding more than one chunk and one partial line. Chunks may end anywhere.
 * Takes Node streams and web streams of text (an HTTP body through TextDecoderStream).
 */
export async function* splitLines(chunks: AsyncIterable<string | Buffer> | ReadableStream<string>): AsyncGenerator<string> {
  let pending = '';
  // Node's web ReadableStream is async-iterable; the DOM typings do not say so.
  for await (const chunk of chunks as AsyncIterable<string | Buffer>) {
    const text = pending + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    let start = 0;
    for (let end = text.indexOf('\n', start); end !== -1; end = text.indexOf('\n', start)) {
      yield stripCr(text.slice(start, end));
      start = end + 1;
    }
    pending = text.slice(start);
  }
  if (pending.length > 0) yield stripCr(pending);
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Each item is one line (a trailing newline is dropped; an item holding several lines is split). */
export async function* linesOf(items: AsyncIterable<string>): AsyncGenerator<string> {
  for await (const item of items) {
    const body = item.endsWith('\n') ? item.slice(0, -1) : item;
    if (!body.includes('\n')) yield stripCr(body);
    else for (const line of body.split('\n')) yield stripCr(line);
  }
}
