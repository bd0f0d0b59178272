import type { PrintSetup } from './types';
import { address, columnLetters } from './markers';

/**
 * How the report prints (workbook.md v3, "Printing and sharing"), host-neutral: the footer every
 * page carries, the Excel references of print titles and areas, and the page geometry the
 * Summary's scale is worked out from. Both writers translate a {@link PrintSetup} with these.
 */

/**
 * The printable area of a landscape page, in points, with Excel's default margins (left and
 * right 0.7", top and bottom 0.75"; header and footer sit inside those): the narrower of A4 and
 * US Letter across (Letter: 11" − 1.4"), the shorter down (A4: 8.27" − 1.5"), so that what fits
 * here fits on either paper.
 */
export const LANDSCAPE_PAGE = { width: (11 - 1.4) * 72, height: (8.27 - 1.5) * 72 } as const;

/** Excel's default row height (Calibri 11), in points; a title row (14 pt bold) takes about 19. */
export const ROW_POINTS = 15;
export const TITLE_ROW_POINTS = 19;

/** The smallest print scale the report allows itself, in percent: below it a page is hard to read. */
export const MIN_PRINT_SCALE = 70;

/**
 * A column of `width` characters as Excel draws it, in points: 7 pixels a character of Calibri 11
 * and 5 of padding, at 0.75 point a pixel.
 *
 * @example columnPoints(8.43) // 48: Excel's default column, 64 pixels
 */
export const columnPoints = (width: number): number => (Math.trunc(width * 7 + 0.5) + 5) * 0.75;

/**
 * The largest whole scale (in percent, at most 100) at which a block `width` points wide and
 * each page `heights` points tall fits on its own landscape page ({@link LANDSCAPE_PAGE}).
 *
 * @example fittingScale(900, [500, 480]) // 76: the width sets it (691 ÷ 900)
 */
export function fittingScale(width: number, heights: readonly number[]): number {
  const across = LANDSCAPE_PAGE.width / width;
  const down = LANDSCAPE_PAGE.height / Math.max(...heights);
  return Math.floor(100 * Math.min(1, across, down));
}

/** Header and footer codes (ECMA-376 §18.3.1.46): `&` starts a code, so text doubles it. */
const footerText = (text: string) => text.replace(/&/g, '&&');

/**
 * What every printed page's footer says, left to right: the sheet's name (&A), "Page 2 of 5"
 * (&P, &N), and `text` (the run's date, {@link Report.footer}).
 *
 * @example footerParts('R&D run') // { left: '&A', center: 'Page &P of &N', right: 'R&&D run' }
 */
export function footerParts(text: string): { left: string; center: string; right: string } {
  return { left: '&A', center: 'Page &P of &N', right: footerText(text) };
}

/**
 * The footer as one header/footer string with its sections (&L, &C, &R), as an .xlsx file
 * holds it (`oddFooter`).
 *
 * @example footerCode('Beekeeper run of 2026-12-03 14:05') // "&L&A&CPage &P of &N&RBeekeeper run of 2026-12-03 14:05"
 */
export function footerCode(text: string): string {
  const { left, center, right } = footerParts(text);
  return `&L${left}&C${center}&R${right}`;
}

/**
 * The rows repeated atop every page as Excel writes them: "1:1" (1-based, whole rows).
 *
 * @example titleRowsReference([0, 0]) // "1:1"
 */
export const titleRowsReference = ([first, last]: readonly [number, number]): string => `${first + 1}:${last + 1}`;

/**
 * The columns repeated at the left of every page: "A:B".
 *
 * @example titleColumnsReference([0, 1]) // "A:B"
 */
export const titleColumnsReference = ([first, last]: readonly [number, number]): string =>
  `${columnLetters(first)}:${columnLetters(last)}`;

/**
 * The print area as an A1 range: "A1:F80".
 *
 * @example areaReference({ rows: [0, 79], columns: [0, 5] }) // "A1:F80"
 */
export const areaReference = (area: NonNullable<PrintSetup['area']>): string =>
  `${address(area.rows[0], area.columns[0])}:${address(area.rows[1], area.columns[1])}`;
