/**
 * The wire format between the pool and a sandbox process: u32 header length, u32 body length (big-endian),
 * header JSON, body (UTF-8 text, usually JSON that is passed on without re-encoding). The reader refuses frames
 * above `maxFrameBytes`: a confined process must not be able to make the host buffer unbounded data.
 */
export function encodeFrame(message: unknown, body = ''): Buffer {
  const head = Buffer.from(JSON.stringify(message), 'utf8');
  const text = Buffer.from(body, 'utf8');
  const prefix = Buffer.allocUnsafe(8);
  prefix.writeUInt32BE(head.length, 0);
  prefix.writeUInt32BE(text.length, 4);
  return Buffer.concat([prefix, head, text]);
}

export type FrameEvent =
  | { readonly kind: 'message'; readonly message: unknown; readonly body: string }
  | { readonly kind: 'tooLarge'; readonly bytes: number }
  | { readonly kind: 'invalid' };

export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private failed = false;

  constructor(private readonly maxFrameBytes: number) {}

  /** Feeds bytes; returns the complete frames (stops at the first oversized or invalid one). */
  push(chunk: Buffer): FrameEvent[] {
    if (this.failed) return [];
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const events: FrameEvent[] = [];
    while (this.buffered >= 8) {
      const buffer = this.chunks.length === 1 ? this.chunks[0] ?? Buffer.alloc(0) : Buffer.concat(this.chunks);
      this.chunks = [buffer];
      const headLength = buffer.readUInt32BE(0);
      const bodyLength = buffer.readUInt32BE(4);
      const total = 8 + headLength + bodyLength;
      if (total > this.maxFrameBytes) {
        this.failed = true;
        events.push({ kind: 'tooLarge', bytes: bodyLength });
        return events;
      }
      if (buffer.length < total) break;
      const head = buffer.subarray(8, 8 + headLength).toString('utf8');
      const body = buffer.subarray(8 + headLength, total).toString('utf8');
      const rest = buffer.subarray(total);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
      try {
        events.push({ kind: 'message', message: JSON.parse(head), body });
      } catch {
        this.failed = true;
        events.push({ kind: 'invalid' });
        return events;
      }
    }
    return events;
  }
}
