import { Message } from 'apache-arrow';

const CONTINUATION = 0xffffffff;
const FILE_MAGIC = 'ARROW1';
/** An IPC file opens with its magic padded to 8 bytes, and closes with the footer's length (int32) and the magic. */
const FILE_HEAD = 8;
const FILE_TAIL = 4 + FILE_MAGIC.length;

/**
 * Where an Arrow IPC body's first stream or file ends, walked message by message from
 * each message's own lengths. The reader stops at the end-of-stream marker (of a stream)
 * or reads the footer at the very end (of a file) and takes no notice of anything else:
 * a second stream sent after the first would be dropped without a word, and a second file
 * after the first would be read through a footer whose offsets point into the first. So
 * the caller holds the body's length against this. 0 when the walk cannot tell.
 */
export function arrowIpcExtent(bytes: Uint8Array): number {
  return isArrowIpcFile(bytes) ? fileEnd(bytes) : streamEnd(bytes, 0);
}

/** Whether the body opens as an IPC file (the random-access format) rather than a stream. */
export function isArrowIpcFile(bytes: Uint8Array): boolean {
  return magicAt(bytes, 0);
}

/**
 * An IPC file is its magic, a stream, the footer, the footer's length and the magic: the
 * body is one file when its stream ends exactly where the footer its last bytes describe
 * begins. Otherwise the first file ends at the first magic after its stream whose length
 * field spans back to that stream's end.
 */
function fileEnd(bytes: Uint8Array): number {
  const view = viewOf(bytes);
  const stream = streamEnd(bytes, FILE_HEAD);
  if (bytes.length >= FILE_HEAD + FILE_TAIL && magicAt(bytes, bytes.length - FILE_MAGIC.length)) {
    const footerAt = bytes.length - FILE_TAIL - view.getInt32(bytes.length - FILE_TAIL, true);
    if (footerAt === stream) return bytes.length;
  }
  for (let at = stream + 4; at + FILE_MAGIC.length <= bytes.length; at++) {
    if (magicAt(bytes, at) && at - 4 - view.getInt32(at - 4, true) === stream) return at + FILE_MAGIC.length;
  }
  return 0;
}

/** Where the stream starting at `start` ends: after its end-of-stream marker, or its last whole message. */
function streamEnd(bytes: Uint8Array, start: number): number {
  const view = viewOf(bytes);
  let offset = start;
  while (offset + 4 <= bytes.length) {
    // Current streams prefix each message with 0xFFFFFFFF; streams before Arrow 0.15 do not.
    const prefixed = view.getUint32(offset, true) === CONTINUATION;
    const lengthAt = prefixed ? offset + 4 : offset;
    if (lengthAt + 4 > bytes.length) return offset;
    const metadataLength = view.getInt32(lengthAt, true);
    const metadataAt = lengthAt + 4;
    if (metadataLength === 0) return metadataAt; // the end-of-stream marker
    if (metadataLength < 0 || metadataAt + metadataLength > bytes.length) return offset;
    let message: Message;
    try {
      message = Message.decode(bytes.subarray(metadataAt, metadataAt + metadataLength));
    } catch {
      return offset; // not a message: a file's footer, when the stream has no end-of-stream marker
    }
    offset = metadataAt + metadataLength + Number(message.bodyLength);
  }
  return Math.min(offset, bytes.length);
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function magicAt(bytes: Uint8Array, at: number): boolean {
  if (at < 0 || at + FILE_MAGIC.length > bytes.length) return false;
  for (let i = 0; i < FILE_MAGIC.length; i++) if (bytes[at + i] !== FILE_MAGIC.charCodeAt(i)) return false;
  return true;
}
