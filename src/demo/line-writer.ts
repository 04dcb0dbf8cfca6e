import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * Appends lines to a file through a buffer, honouring the stream's back-pressure:
 * the demo at --scale 25 writes millions of lines and must never hold them all
 * in memory.
 */
export class LineWriter {
  private readonly stream: WriteStream;
  private buffer: string[] = [];
  private bufferedChars = 0;
  private failure: Error | undefined;
  lines = 0;

  constructor(
    readonly path: string,
    private readonly flushAtChars = 1 << 20,
  ) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
    this.stream.on('error', (error) => {
      this.failure = error;
    });
  }

  /**
   * Queues one line (without its newline). Returns true when the buffer is full:
   * the caller then awaits flush(), so millions of lines cost no promise each.
   */
  push(line: string): boolean {
    this.buffer.push(line);
    this.bufferedChars += line.length + 1;
    this.lines++;
    return this.bufferedChars >= this.flushAtChars;
  }

  /** Hands the buffer to the file, waiting if the file is behind. */
  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join('\n') + '\n';
    this.buffer = [];
    this.bufferedChars = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
    if (this.failure) throw this.failure;
  }
}
