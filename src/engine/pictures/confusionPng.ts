// confusion.png for people who train from a terminal: the end's confusion matrices
// (validation, then test when there is one) side by side, rows the true class and columns the
// predicted one, each cell shaded by its share of the row (blue on the diagonal, red off it),
// with its count, the class numbers along the edges and a title, in a 3 × 5 font of our own.
import type { Confusion, EndEvent } from '../train/events';
import type { Image } from './png';

/** Pixels per digit stroke: 3 × 5 digits become 6 × 10. */
export const DOT = 2;
const DIGIT_W = 3 * DOT, DIGIT_H = 5 * DOT, GAP = DOT;
/** Rows of each digit, 3 bits each (left bit first). */
export const FONT: Record<string, number[]> = {
  0: [7, 5, 5, 5, 7], 1: [2, 6, 2, 2, 7], 2: [7, 1, 7, 4, 7], 3: [7, 1, 7, 1, 7], 4: [5, 5, 7, 1, 1],
  5: [7, 4, 7, 1, 7], 6: [7, 4, 7, 5, 7], 7: [7, 1, 2, 2, 2], 8: [7, 5, 7, 5, 7], 9: [7, 5, 7, 1, 7],
  // The letters of the titles.
  A: [2, 5, 7, 5, 5], D: [6, 5, 5, 5, 6], E: [7, 4, 6, 4, 7], I: [7, 2, 2, 2, 7], L: [4, 4, 4, 4, 7], N: [5, 7, 7, 5, 5],
  O: [2, 5, 5, 5, 2], S: [7, 4, 7, 1, 7], T: [7, 2, 2, 2, 2], V: [5, 5, 5, 5, 2], ' ': [0, 0, 0, 0, 0],
};
const TITLES = ['VALIDATION', 'TEST'];
/** Room above a matrix for its title. */
const TITLE_H = 20;
export const DIAGONAL_RGB: [number, number, number] = [31, 119, 180];
export const OFF_DIAGONAL_RGB: [number, number, number] = [214, 39, 40];
const INK: [number, number, number] = [20, 20, 20];
const MARGIN = 24;

/** The cell colour of a count that is `share` of its row: the colour blended with white, full at share 1. */
export function shareColour(diagonal: boolean, share: number): [number, number, number] {
  const c = diagonal ? DIAGONAL_RGB : OFF_DIAGONAL_RGB;
  const a = 0.85 * Math.min(1, Math.max(0, share));
  return [0, 1, 2].map((k) => Math.round(255 * (1 - a) + c[k] * a)) as [number, number, number];
}

/** Cell size for `classes` classes: large enough for a 4-digit count. */
export const cellSize = (classes: number) => (classes <= 6 ? 48 : 36);

function text(img: Image, s: string, cx: number, cy: number, colour: readonly number[]): void {
  const width = s.length * (DIGIT_W + GAP) - GAP;
  let x = Math.round(cx - width / 2);
  const y = Math.round(cy - DIGIT_H / 2);
  for (const ch of s) {
    const rows = FONT[ch];
    if (rows) {
      rows.forEach((bits, r) => {
        for (let c = 0; c < 3; c++) {
          if (!((bits >> (2 - c)) & 1)) continue;
          for (let dy = 0; dy < DOT; dy++) for (let dx = 0; dx < DOT; dx++) img.rgb.set(colour, ((y + r * DOT + dy) * img.width + x + c * DOT + dx) * 3);
        }
      });
    }
    x += DIGIT_W + GAP;
  }
}

/** Where matrix `m` (of `k` classes) lies in the picture: its top-left corner. */
export function matrixOrigin(k: number, index: number): { left: number; top: number } {
  const size = cellSize(k);
  return { left: MARGIN + index * (k * size + 2 * MARGIN), top: MARGIN + TITLE_H };
}

export function renderConfusion(matrices: Confusion[], titles = TITLES): Image {
  const k = matrices[0]!.matrix.length, size = cellSize(k);
  const width = matrices.length * (k * size + 2 * MARGIN), height = k * size + 2 * MARGIN + TITLE_H;
  const img: Image = { width, height, rgb: new Uint8Array(width * height * 3).fill(255) };
  matrices.forEach((m, index) => {
    const { left, top } = matrixOrigin(k, index);
    text(img, titles[index] ?? '', left + (k * size) / 2, MARGIN / 2 + 2, INK);
    m.matrix.forEach((row, t) => {
      const total = row.reduce((a, b) => a + b, 0);
      row.forEach((v, p) => {
        const colour = shareColour(t === p, total ? v / total : 0);
        for (let y = 1; y < size; y++) for (let x = 1; x < size; x++) img.rgb.set(colour, ((top + t * size + y) * width + left + p * size + x) * 3);
        text(img, String(v), left + p * size + size / 2, top + t * size + size / 2, INK);
      });
      // Class numbers: true classes down the left, predicted ones along the top.
      text(img, String(t), left - MARGIN / 2, top + t * size + size / 2, INK);
      text(img, String(t), left + t * size + size / 2, top - MARGIN / 2, INK);
    });
  });
  return img;
}

/** The matrices confusion.png shows, validation then test, with their titles. */
export function confusionMatrices(end: EndEvent): { matrices: Confusion[]; titles: string[] } {
  const c = end.confusion;
  const out: { matrices: Confusion[]; titles: string[] } = { matrices: [], titles: [] };
  for (const [m, title] of [[c?.validation, 'VALIDATION'], [c?.test, 'TEST']] as const) {
    if (m && m.matrix.length) { out.matrices.push(m); out.titles.push(title); }
  }
  return out;
}
