/**
 * Just enough PNG decoding to check a screenshot's pixels (Chromium writes 8-bit RGB/RGBA,
 * non-interlaced), and the "is anything drawn here" measure the evidence run fails on.
 * PNG format: https://www.w3.org/TR/png-3/ (chunks §5, filters §7.3 and §9).
 */
import { inflateSync } from 'node:zlib';

export interface Image {
  readonly width: number;
  readonly height: number;
  /** RGBA, 4 bytes per pixel, row after row. */
  readonly rgba: Uint8Array;
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

export function decodePng(file: Uint8Array): Image {
  if (!SIGNATURE.every((b, i) => file[i] === b)) throw new Error('not a PNG file');
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Uint8Array[] = [];
  for (let at = 8; at + 8 <= file.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...file.subarray(at + 4, at + 8));
    const data = file.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      const [depth, colour, , , interlace] = data.subarray(8, 13);
      channels = colour === 6 ? 4 : colour === 2 ? 3 : 0;
      if (depth !== 8 || channels === 0 || interlace !== 0) {
        throw new Error(`unsupported PNG (bit depth ${depth}, colour type ${colour}, interlace ${interlace})`);
      }
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  if (width === 0 || height === 0) throw new Error('PNG without IHDR');
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) throw new Error('PNG data is truncated');
  const rgba = new Uint8Array(width * height * 4);
  let previous = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? out[i - channels]! : 0;
      const b = previous[i]!;
      const c = i >= channels ? previous[i - channels]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (filter !== 0) throw new Error(`bad PNG filter ${filter} on row ${y}`);
      out[i] = (line[i]! + predictor) & 255;
    }
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      rgba[o] = out[x * channels]!;
      rgba[o + 1] = out[x * channels + 1]!;
      rgba[o + 2] = out[x * channels + 2]!;
      rgba[o + 3] = channels === 4 ? out[x * channels + 3]! : 255;
    }
    previous = out;
  }
  return { width, height, rgba };
}

/**
 * Share of the pixels in `rect` (whole image by default) that differ visibly from the most common
 * colour there (the background): near 0 when the area is one flat colour — a view that never drew.
 * Same measure as a person squinting: anti-aliased text and thin chart lines count.
 */
export function inkShare(image: Image, rect?: Rect): number {
  const x0 = clamp(Math.floor(rect?.x ?? 0), 0, image.width);
  const y0 = clamp(Math.floor(rect?.y ?? 0), 0, image.height);
  const x1 = clamp(Math.ceil((rect?.x ?? 0) + (rect?.width ?? image.width)), x0, image.width);
  const y1 = clamp(Math.ceil((rect?.y ?? 0) + (rect?.height ?? image.height)), y0, image.height);
  const total = (x1 - x0) * (y1 - y0);
  if (total === 0) return 0;
  const counts = new Map<number, number>();
  const px = (x: number, y: number): number => {
    const o = (y * image.width + x) * 4;
    return (image.rgba[o]! << 16) | (image.rgba[o + 1]! << 8) | image.rgba[o + 2]!;
  };
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const p = px(x, y);
      counts.set(p, (counts.get(p) ?? 0) + 1);
    }
  let background = 0;
  let best = -1;
  for (const [colour, n] of counts)
    if (n > best) {
      best = n;
      background = colour;
    }
  let ink = 0;
  for (const [colour, n] of counts) if (distance(colour, background) >= 24) ink += n;
  return ink / total;
}

function distance(a: number, b: number): number {
  return (
    Math.abs(((a >> 16) & 255) - ((b >> 16) & 255)) +
    Math.abs(((a >> 8) & 255) - ((b >> 8) & 255)) +
    Math.abs((a & 255) - (b & 255))
  );
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
