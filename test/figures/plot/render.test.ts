import { describe, expect, it } from 'vitest';
import { svgToPng } from '../../../figures/plot/index.ts';

const svg = (text: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="4" y="26" font-family="DejaVu Sans" font-size="16">${text}</text></svg>`;

/** Width and height from the PNG's IHDR chunk. */
function pngSize(png: Buffer): [number, number] {
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe('svgToPng', () => {
  it('writes a PNG scaled by the zoom factor', () => {
    const png = svgToPng(svg('V1'), 2);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(pngSize(png)).toEqual([240, 80]);
  });

  it('draws text with the bundled fonts (different text, different pixels; no text, a blank image)', () => {
    const blank = svgToPng(svg(''), 1);
    const a = svgToPng(svg('V1-23E'), 1);
    const b = svgToPng(svg('V2-23E'), 1);
    expect(a.equals(blank)).toBe(false);
    expect(a.equals(b)).toBe(false);
  });
});
