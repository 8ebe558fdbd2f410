/**
 * A 5x7 bitmap font drawn with plain rectangles.
 *
 * The fixture generator must not depend on system fonts: a fresh CI machine may
 * have none, and different machines rasterise the same font differently, which
 * would change the fixture bytes. Filling integer-aligned cells avoids both.
 */

/** Glyph width in cells. */
export const GLYPH_WIDTH = 5;
/** Glyph height in cells. */
export const GLYPH_HEIGHT = 7;
/** Horizontal advance per character in cells (glyph plus one blank column). */
export const GLYPH_ADVANCE = GLYPH_WIDTH + 1;

// Rows top to bottom; '#' is a lit cell. Kept as pictures so a wrong glyph is easy to spot.
const GLYPHS: Readonly<Record<string, readonly string[]>> = {
  A: ['.###.', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  B: ['####.', '#...#', '#...#', '####.', '#...#', '#...#', '####.'],
  C: ['.###.', '#...#', '#....', '#....', '#....', '#...#', '.###.'],
  D: ['####.', '#...#', '#...#', '#...#', '#...#', '#...#', '####.'],
  E: ['#####', '#....', '#....', '####.', '#....', '#....', '#####'],
  F: ['#####', '#....', '#....', '####.', '#....', '#....', '#....'],
  G: ['.###.', '#...#', '#....', '#.###', '#...#', '#...#', '.####'],
  H: ['#...#', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  I: ['.###.', '..#..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  J: ['..###', '...#.', '...#.', '...#.', '...#.', '#..#.', '.##..'],
  K: ['#...#', '#..#.', '#.#..', '##...', '#.#..', '#..#.', '#...#'],
  L: ['#....', '#....', '#....', '#....', '#....', '#....', '#####'],
  M: ['#...#', '##.##', '#.#.#', '#.#.#', '#...#', '#...#', '#...#'],
  N: ['#...#', '#...#', '##..#', '#.#.#', '#..##', '#...#', '#...#'],
  O: ['.###.', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  P: ['####.', '#...#', '#...#', '####.', '#....', '#....', '#....'],
  Q: ['.###.', '#...#', '#...#', '#...#', '#.#.#', '#..#.', '.##.#'],
  R: ['####.', '#...#', '#...#', '####.', '#.#..', '#..#.', '#...#'],
  S: ['.####', '#....', '#....', '.###.', '....#', '....#', '####.'],
  T: ['#####', '..#..', '..#..', '..#..', '..#..', '..#..', '..#..'],
  U: ['#...#', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  V: ['#...#', '#...#', '#...#', '#...#', '#...#', '.#.#.', '..#..'],
  W: ['#...#', '#...#', '#...#', '#.#.#', '#.#.#', '#.#.#', '.#.#.'],
  X: ['#...#', '#...#', '.#.#.', '..#..', '.#.#.', '#...#', '#...#'],
  Y: ['#...#', '#...#', '.#.#.', '..#..', '..#..', '..#..', '..#..'],
  Z: ['#####', '....#', '...#.', '..#..', '.#...', '#....', '#####'],
  '0': ['.###.', '#...#', '#..##', '#.#.#', '##..#', '#...#', '.###.'],
  '1': ['..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  '2': ['.###.', '#...#', '....#', '...#.', '..#..', '.#...', '#####'],
  '3': ['#####', '...#.', '..#..', '...#.', '....#', '#...#', '.###.'],
  '4': ['...#.', '..##.', '.#.#.', '#..#.', '#####', '...#.', '...#.'],
  '5': ['#####', '#....', '####.', '....#', '....#', '#...#', '.###.'],
  '6': ['..##.', '.#...', '#....', '####.', '#...#', '#...#', '.###.'],
  '7': ['#####', '....#', '...#.', '..#..', '.#...', '.#...', '.#...'],
  '8': ['.###.', '#...#', '#...#', '.###.', '#...#', '#...#', '.###.'],
  '9': ['.###.', '#...#', '#...#', '.####', '....#', '...#.', '.##..'],
  ' ': ['.....', '.....', '.....', '.....', '.....', '.....', '.....'],
  ':': ['.....', '.##..', '.##..', '.....', '.##..', '.##..', '.....'],
  '-': ['.....', '.....', '.....', '#####', '.....', '.....', '.....'],
  '/': ['.....', '....#', '...#.', '..#..', '.#...', '#....', '.....'],
  '.': ['.....', '.....', '.....', '.....', '.....', '.##..', '.##..'],
  ',': ['.....', '.....', '.....', '.....', '.##..', '..#..', '.#...'],
  '&': ['.##..', '#..#.', '#.#..', '.#...', '#.#.#', '#..#.', '.##.#'],
  '!': ['..#..', '..#..', '..#..', '..#..', '..#..', '.....', '..#..'],
  '?': ['.###.', '#...#', '....#', '...#.', '..#..', '.....', '..#..'],
  "'": ['..#..', '..#..', '.#...', '.....', '.....', '.....', '.....'],
  $: ['..#..', '.####', '#.#..', '.###.', '..#.#', '####.', '..#..'],
};

/** Every character the font can draw; anything else is drawn as a blank cell. */
export const PIXEL_FONT_CHARS: string = Object.keys(GLYPHS).join('');

/** The subset of a 2D context the font needs, so callers need not pass a full canvas type. */
export interface PixelTextTarget {
  fillStyle: unknown;
  fillRect(x: number, y: number, width: number, height: number): void;
}

/**
 * Width and height in pixels of `text` drawn at `cellPx` pixels per font cell.
 * The width leaves out the spacing column after the last character.
 */
export function measurePixelText(text: string, cellPx: number): { width: number; height: number } {
  const chars = [...text].length;
  const width = chars === 0 ? 0 : (chars * GLYPH_ADVANCE - 1) * cellPx;
  return { width, height: GLYPH_HEIGHT * cellPx };
}

/**
 * Draws `text` with its top-left corner at (`x`, `y`), each font cell a `cellPx`
 * square of `color`. Lower-case letters are drawn as upper case; characters the
 * font lacks leave a blank space of the normal width so the layout does not shift.
 */
export function drawPixelText(
  ctx: PixelTextTarget,
  text: string,
  x: number,
  y: number,
  cellPx: number,
  color: string,
): void {
  ctx.fillStyle = color;
  let cursor = x;
  for (const ch of text.toUpperCase()) {
    const rows = GLYPHS[ch];
    if (rows) {
      rows.forEach((row, r) => {
        // One rectangle per horizontal run keeps the fill count low.
        let c = 0;
        while (c < GLYPH_WIDTH) {
          if (row[c] !== '#') {
            c += 1;
            continue;
          }
          const start = c;
          while (c < GLYPH_WIDTH && row[c] === '#') c += 1;
          ctx.fillRect(cursor + start * cellPx, y + r * cellPx, (c - start) * cellPx, cellPx);
        }
      });
    }
    cursor += GLYPH_ADVANCE * cellPx;
  }
}
