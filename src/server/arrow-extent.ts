import { Message } from 'apache-arrow';

const CONTINUATION = 0xffffffff;
const FILE_MAGIC = 'ARROW1';

/**
 * Where an Arrow IPC stream's last message ends, walked message by message from each
 * message's own lengths. The reader stops at the end-of-stream marker and takes no
 * notice of what follows: a second stream sent after the first would be dropped
 * without a word, so the caller holds the body's length against this.
 * An IPC file (magic `ARROW1` at both ends) is its whole length when it closes with its magic.
 */
export function arrowIpcExtent(bytes: Uint8Array): number {
  if (startsWithMagic(bytes)) return endsWithMagic(bytes) ? bytes.length : 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  while (offset + 4 <= bytes.length) {
    // Current streams prefix each message with 0xFFFFFFFF; streams before Arrow 0.15 do not.
    const prefixed = view.getUint32(offset, true) === CONTINUATION;
    const lengthAt = prefixed ? offset + 4 : offset;
    if (lengthAt + 4 > bytes.length) return offset;
    const metadataLength = view.getInt32(lengthAt, true);
    const metadataAt = lengthAt + 4;
    if (metadataLength === 0) return metadataAt; // the end-of-stream marker
    if (metadataLength < 0 || metadataAt + metadataLength > bytes.length) return offset;
    const message = Message.decode(bytes.subarray(metadataAt, metadataAt + metadataLength));
    offset = metadataAt + metadataLength + Number(message.bodyLength);
  }
  return Math.min(offset, bytes.length);
}

function startsWithMagic(bytes: Uint8Array): boolean {
  return magicAt(bytes, 0);
}

function endsWithMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 2 * FILE_MAGIC.length && magicAt(bytes, bytes.length - FILE_MAGIC.length);
}

function magicAt(bytes: Uint8Array, at: number): boolean {
  for (let i = 0; i < FILE_MAGIC.length; i++) if (bytes[at + i] !== FILE_MAGIC.charCodeAt(i)) return false;
  return true;
}
