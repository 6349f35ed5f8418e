// The streamed .zip against Info-ZIP's unzip, the reference reader: the archive tests clean
// (`unzip -t` checks every CRC-32 and size), and every file comes out with its bytes and name.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { zipBytes, zipNames, type ZipEntry } from './zip-stream.ts';
import { describeWith } from '../../tests/support/requirements.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-zip-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect(entries: ZipEntry[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of zipBytes(entries)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A source that hands out `bytes` in small pieces, as a part's stream does. */
function chunked(bytes: Buffer, size = 7_000): Readable {
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
  return Readable.from(pieces);
}

const DATE = new Date(2026, 2, 14, 9, 26, 52).getTime();

describeWith({ what: 'unzip (Debian package unzip)', programs: ['/usr/bin/unzip'] }, 'zipBytes, read back by unzip', () => {
  it('writes an archive that tests clean, with each file’s bytes, name and time', async () => {
    const big = randomBytes(300_000);
    const files: Array<[string, Buffer]> = [
      ['report.pdf', big],
      ['empty.txt', Buffer.alloc(0)],
      ['Überweisung März.txt', Buffer.from('Grüße\n', 'utf8')],
    ];
    const zip = await collect(files.map(([name, bytes]) => ({ name, date: DATE, open: async () => chunked(bytes) })));
    const file = path.join(dir, 'all.zip');
    await writeFile(file, zip);
    const tested = execFileSync('/usr/bin/unzip', ['-t', file], { encoding: 'utf8' });
    expect(tested).toContain('No errors detected');
    const listing = execFileSync('/usr/bin/unzip', ['-Z', '-T', file], { encoding: 'utf8' });
    for (const [name] of files) expect(listing).toContain(name);
    expect(listing).toContain('20260314.092652');
    execFileSync('/usr/bin/unzip', ['-q', file, '-d', path.join(dir, 'out')]);
    for (const [name, bytes] of files) expect((await readFile(path.join(dir, 'out', name))).equals(bytes), name).toBe(true);
  });

  it('an empty archive and skipped entries still make a valid archive', async () => {
    const zip = await collect([{ name: 'gone.bin', date: DATE, open: async () => null }]);
    expect(zip.length).toBe(22); // only the end of the central directory
    const file = path.join(dir, 'none.zip');
    await writeFile(file, zip);
    // unzip reads it, and answers 1 ("warning: zipfile is empty"), not 9 (not a zip file).
    let status = 0;
    try {
      execFileSync('/usr/bin/unzip', ['-t', file], { stdio: 'pipe' });
    } catch (error) {
      status = (error as { status: number }).status;
    }
    expect(status).toBe(1);
  });
});

describe('zipBytes', () => {
  it('fails, and closes the source, when an entry’s source fails midway', async () => {
    let destroyed = false;
    const failing = new Readable({
      read() {
        this.push(Buffer.from('half'));
        this.destroy(new Error('the message file went away'));
      },
    });
    failing.on('close', () => (destroyed = true));
    await expect(collect([{ name: 'a', date: DATE, open: async () => failing }])).rejects.toThrow(/went away/);
    expect(destroyed).toBe(true);
  });

  it('opens each source only when its turn comes', async () => {
    const opened: string[] = [];
    const entry = (name: string): ZipEntry => ({
      name,
      date: DATE,
      open: async () => {
        opened.push(name);
        return Readable.from([Buffer.from(name)]);
      },
    });
    const gen = zipBytes([entry('one'), entry('two')]);
    await gen.next(); // the first local header
    expect(opened).toEqual(['one']);
    for await (const chunk of gen) void chunk;
    expect(opened).toEqual(['one', 'two']);
  });
});

describe('zipNames', () => {
  it('no folders, nothing a file system refuses, each name distinct', () => {
    expect(zipNames(['scan.pdf', 'Scan.pdf', 'scan.pdf', '../../etc/passwd', 'a:b?.txt', null, '  ', '.hidden', 'x\u0000y'])).toEqual([
      'scan.pdf',
      'Scan (2).pdf',
      'scan (3).pdf',
      '_.._etc_passwd',
      'a_b_.txt',
      'attachment-6',
      'attachment-7',
      'hidden',
      'x_y',
    ]);
  });
});
