// A .zip written as it streams (PKWARE APPNOTE 6.3.10), for "save all": entries are stored, not
// compressed — attachments are mostly compressed already (images, PDFs, office files), and storing
// costs no CPU on the engine's thread. Each entry's CRC-32 and size are known only once its bytes
// have gone out, so they follow it in a data descriptor (general purpose bit 3, §4.3.9) and are
// repeated in the central directory, which every unzip program reads first. Names are UTF-8
// (bit 11). No ZIP64: an archive that would pass 4 GiB fails as it gets there (a mail that size
// is far beyond any server's limit).
import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';

export interface ZipEntry {
  /** The file's name inside the archive; zipNames() makes a message's names safe and distinct. */
  readonly name: string;
  /** Its time, in ms since the epoch (stored as DOS local time, to the even second). */
  readonly date: number;
  /** Its bytes, opened when its turn comes; null skips the entry (its bytes are not in the message). */
  open(): Promise<Readable | null>;
}

/** The classic format's limit for sizes and offsets. */
const MAX_32 = 0xffffffff;
const FLAGS = 0x0808; // bit 3: sizes in a data descriptor; bit 11: UTF-8 names
const VERSION_NEEDED = 20; // 2.0: folders and stored/deflated files
const VERSION_MADE_BY = (3 << 8) | 20; // Unix, so the external attributes carry a file mode
const FILE_MODE = 0o100644;

function dosDateTime(ms: number): { time: number; date: number } {
  const d = new Date(ms);
  const year = Math.min(Math.max(d.getFullYear(), 1980), 2107);
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

interface Written {
  readonly name: Buffer;
  readonly time: number;
  readonly date: number;
  readonly crc: number;
  readonly size: number;
  readonly offset: number;
}

function localHeader(name: Buffer, time: number, date: number): Buffer {
  const b = Buffer.alloc(30);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(VERSION_NEEDED, 4);
  b.writeUInt16LE(FLAGS, 6);
  b.writeUInt16LE(0, 8); // stored
  b.writeUInt16LE(time, 10);
  b.writeUInt16LE(date, 12);
  // CRC-32 and sizes (14..25) stay zero: they are in the data descriptor.
  b.writeUInt16LE(name.length, 26);
  b.writeUInt16LE(0, 28);
  return Buffer.concat([b, name]);
}

function dataDescriptor(crc: number, size: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(0x08074b50, 0);
  b.writeUInt32LE(crc >>> 0, 4);
  b.writeUInt32LE(size, 8); // compressed = uncompressed: stored
  b.writeUInt32LE(size, 12);
  return b;
}

function centralHeader(e: Written): Buffer {
  const b = Buffer.alloc(46);
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE(VERSION_MADE_BY, 4);
  b.writeUInt16LE(VERSION_NEEDED, 6);
  b.writeUInt16LE(FLAGS, 8);
  b.writeUInt16LE(0, 10);
  b.writeUInt16LE(e.time, 12);
  b.writeUInt16LE(e.date, 14);
  b.writeUInt32LE(e.crc >>> 0, 16);
  b.writeUInt32LE(e.size, 20);
  b.writeUInt32LE(e.size, 24);
  b.writeUInt16LE(e.name.length, 28);
  // extra field, comment, disk number, internal attributes: 0 (30..37)
  b.writeUInt32LE((FILE_MODE << 16) >>> 0, 38);
  b.writeUInt32LE(e.offset, 42);
  return Buffer.concat([b, e.name]);
}

function endOfCentralDirectory(count: number, size: number, offset: number): Buffer {
  const b = Buffer.alloc(22);
  b.writeUInt32LE(0x06054b50, 0);
  b.writeUInt16LE(count, 8);
  b.writeUInt16LE(count, 10);
  b.writeUInt32LE(size, 12);
  b.writeUInt32LE(offset, 16);
  return b;
}

/**
 * The archive's bytes, entry by entry, each entry's source opened only when the one before has
 * been written: at most one part is being read at a time, and a consumer that stops reading
 * (backpressure) stops the source. Throws when an entry's source fails, or the archive would pass 4 GiB.
 */
export async function* zipBytes(entries: Iterable<ZipEntry> | AsyncIterable<ZipEntry>): AsyncGenerator<Buffer> {
  const written: Written[] = [];
  let offset = 0;
  for await (const entry of entries) {
    const source = await entry.open();
    if (source === null) continue;
    const name = Buffer.from(entry.name, 'utf8');
    const { time, date } = dosDateTime(entry.date);
    const start = offset;
    const header = localHeader(name, time, date);
    offset += header.length;
    yield header;
    let crc = 0;
    let size = 0;
    try {
      for await (const chunk of source as AsyncIterable<Buffer | string>) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        crc = crc32(bytes, crc);
        size += bytes.length;
        if (offset + bytes.length > MAX_32) throw new RangeError('the archive would be larger than 4 GiB');
        offset += bytes.length;
        yield bytes;
      }
    } finally {
      source.destroy();
    }
    const descriptor = dataDescriptor(crc, size);
    offset += descriptor.length;
    yield descriptor;
    written.push({ name, time, date, crc, size, offset: start });
  }
  const directory = Buffer.concat(written.map(centralHeader));
  if (offset + directory.length > MAX_32 || written.length > 0xffff) throw new RangeError('the archive would be too large for a .zip');
  yield directory;
  yield endOfCentralDirectory(written.length, directory.length, offset);
}

/** Characters that no file system on Windows, macOS or Linux takes in a name, and control characters. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f<>:"/\\|?*]/g;

/**
 * Names for a message's files in its archive: no folders (a name can never climb out of the
 * folder it is unpacked into), nothing a file system refuses, and each one distinct — a second
 * "scan.pdf" becomes "scan (2).pdf", as a browser names a second download.
 */
export function zipNames(names: readonly (string | null)[]): string[] {
  const taken = new Set<string>();
  return names.map((raw, i) => {
    let name = (raw ?? '').replace(UNSAFE, '_').trim();
    name = name.replace(/^[.\s]+/, '').slice(0, 200) || `attachment-${i + 1}`;
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const ext = dot > 0 ? name.slice(dot) : '';
    let candidate = name;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}
