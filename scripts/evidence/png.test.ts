import { deflateSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { decodePng, inkShare } from './png';

/** A minimal PNG writer: every row with the given filter type, so each decoder path runs. */
function encodePng(width: number, height: number, rgb: (x: number, y: number) => number[], filter: number, channels = 3): Uint8Array {
  const stride = width * channels;
  const rows: number[] = [];
  let previous = new Array<number>(stride).fill(0);
  for (let y = 0; y < height; y++) {
    const line: number[] = [];
    for (let x = 0; x < width; x++) line.push(...rgb(x, y).slice(0, 3), ...(channels === 4 ? [255] : []));
    rows.push(filter);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? line[i - channels]! : 0;
      const b = previous[i]!;
      const c = i >= channels ? previous[i - channels]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter]!;
      rows.push((line[i]! - predictor) & 255);
    }
    previous = line;
  }
  const chunk = (type: string, data: Uint8Array) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length);
    head.write(type, 4, 'ascii');
    return Buffer.concat([head, data, Buffer.alloc(4)]); // CRC is not checked by the decoder
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, channels === 4 ? 6 : 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', new Uint8Array()),
  ]);
}

const gradient = (x: number, y: number) => [(x * 37) & 255, (y * 91) & 255, (x * y) & 255];

describe('decodePng', () => {
  test.each([0, 1, 2, 3, 4])('reads rows written with filter %i', (filter) => {
    const image = decodePng(encodePng(7, 5, gradient, filter));
    expect(image.width).toBe(7);
    expect(image.height).toBe(5);
    for (const [x, y] of [[0, 0], [6, 4], [3, 2]] as const) {
      const o = (y * 7 + x) * 4;
      expect([...image.rgba.subarray(o, o + 4)]).toEqual([...gradient(x, y), 255]);
    }
  });

  test('reads RGBA as Chromium writes it', () => {
    const image = decodePng(encodePng(4, 3, gradient, 4, 4));
    expect([...image.rgba.subarray(4 * 5, 4 * 6)]).toEqual([...gradient(1, 1), 255]);
  });

  test('refuses a file that is not a PNG', () => {
    expect(() => decodePng(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow('not a PNG');
  });
});

describe('inkShare', () => {
  const white = () => [255, 255, 255];
  test('is 0 for a flat image: a view that never drew', () => {
    expect(inkShare(decodePng(encodePng(20, 20, white, 0)))).toBe(0);
  });

  test('counts what differs from the background, and only inside the rect', () => {
    // A black 5×4 block in the top-left corner of a white 20×20 image.
    const image = decodePng(encodePng(20, 20, (x, y) => (x < 5 && y < 4 ? [0, 0, 0] : [255, 255, 255]), 1));
    expect(inkShare(image)).toBeCloseTo(20 / 400);
    expect(inkShare(image, { x: 0, y: 10, width: 20, height: 10 })).toBe(0);
    expect(inkShare(image, { x: 0, y: 0, width: 10, height: 4 })).toBeCloseTo(0.5);
  });

  test('ignores near-background noise (compression, subpixel shading)', () => {
    const image = decodePng(encodePng(10, 10, (x) => (x === 0 ? [250, 250, 250] : [255, 255, 255]), 0));
    expect(inkShare(image)).toBe(0);
  });
});
