// images.js: image files made by the tests themselves: PNGs built here (zlib and a CRC),
// JPEG and WebP drawn on a canvas in headless Chromium (tests/lib/browser.js).
'use strict';
const zlib = require('node:zlib');
const crypto = require('node:crypto');

const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(buf) {
  let c = -1;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

// An RGB PNG of w x h: a gradient, or noise (which does not compress: w*h*3 bytes and a
// little); text, if given, goes in a tEXt chunk before the pixels.
function png(w, h, { noise = false, text = null } = {}) {
  const row = w * 3 + 1;
  const raw = noise ? crypto.randomBytes(row * h) : Buffer.alloc(row * h);
  for (let y = 0; y < h; y++) {
    raw[y * row] = 0;		// filter: none
    if (!noise) for (let x = 0; x < w * 3; x++) raw[y * row + 1 + x] = (x * 3 + y * 5) & 0xff;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(text ? [chunk('tEXt', Buffer.from(`Comment\0${text}`, 'latin1'))] : []),
    chunk('IDAT', zlib.deflateSync(raw, { level: noise ? 0 : 6 })), chunk('IEND', Buffer.alloc(0))]);
}

// The largest noisy PNG of at most max bytes (a 10 MiB photo-sized upload).
function pngOfSize(max) {
  const w = 1800;
  const h = Math.floor((max - 2000) / (w * 3 + 1));
  const p = png(w, h, { noise: true });
  if (p.length > max) throw new Error('too big');
  return p;
}

// A JPEG and a WebP of w x h drawn in Chromium: { jpeg, webp } as Buffers.
async function canvasImages(w = 640, h = 480) {
  const { launch } = require('./browser');
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const out = await page.evaluate(async (W, H) => {
      const c = new OffscreenCanvas(W, H);
      const g = c.getContext('2d');
      const grad = g.createLinearGradient(0, 0, W, H);
      grad.addColorStop(0, '#0b5cad');
      grad.addColorStop(1, '#f5b700');
      g.fillStyle = grad;
      g.fillRect(0, 0, W, H);
      g.fillStyle = '#fff';
      g.font = '48px sans-serif';
      g.fillText('Dealernet', 40, 120);
      const b64 = async (type) => {
        const blob = await c.convertToBlob({ type, quality: 0.85 });
        const bytes = new Uint8Array(await blob.arrayBuffer());
        let s = '';
        for (const x of bytes) s += String.fromCharCode(x);
        return btoa(s);
      };
      return { jpeg: await b64('image/jpeg'), webp: await b64('image/webp') };
    }, w, h);
    return { jpeg: Buffer.from(out.jpeg, 'base64'), webp: Buffer.from(out.webp, 'base64') };
  } finally {
    await browser.close();
  }
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

module.exports = { png, pngOfSize, canvasImages, PDF, crc32 };
