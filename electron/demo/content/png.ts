// Tiny but real PNG images (PNG specification, ISO/IEC 15948): signature, IHDR, one zlib
// IDAT, IEND, each chunk with its CRC-32. 8-bit RGB, no interlace, filter type 0 per row.
import { crc32, deflateSync } from 'node:zlib';

export type Rgb = readonly [number, number, number];

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  // The CRC covers the chunk type and data, not the length.
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function makePng(width: number, height: number, pixel: (x: number, y: number) => Rgb): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace
  const raw = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    raw[row] = 0; // filter type None
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      raw[row + 1 + x * 3] = r;
      raw[row + 2 + x * 3] = g;
      raw[row + 3 + x * 3] = b;
    }
  }
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [
  Math.round(a[0] + (b[0] - a[0]) * t),
  Math.round(a[1] + (b[1] - a[1]) * t),
  Math.round(a[2] + (b[2] - a[2]) * t),
];

/** A 32×32 logo: a green poplar crown on a trunk, on white (the inline cid: image). */
export function logoPng(): Buffer {
  return makePng(32, 32, (x, y) => {
    const crown = ((x - 15.5) / 7) ** 2 + ((y - 12) / 11) ** 2 <= 1;
    const trunk = x >= 14 && x <= 17 && y >= 20 && y <= 29;
    if (crown) return mix([46, 125, 50], [129, 199, 132], y / 24);
    if (trunk) return [109, 76, 65];
    return [255, 255, 255];
  });
}

/** A 64×40 sunset over water (the photo attachment). */
export function sunsetPng(): Buffer {
  return makePng(64, 40, (x, y) => {
    if (y >= 28) return mix([40, 70, 120], [20, 40, 80], (y - 28) / 12);
    if ((x - 40) ** 2 + (y - 24) ** 2 <= 36) return [255, 214, 102];
    return mix([255, 140, 90], [120, 80, 160], 1 - y / 28);
  });
}
