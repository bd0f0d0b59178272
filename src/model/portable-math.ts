/**
 * The transcendental functions of the model and the engine: the same bits on every IEEE-754
 * JavaScript engine.
 *
 * ECMAScript specifies `Math.exp`, `Math.log`, `Math.pow` (and `**`), `Math.expm1`, `Math.log1p`,
 * `Math.cos`, `Math.acos`, `Math.tanh`, `Math.log2`… only as "implementation-approximated": each
 * engine, and each version of one, rounds them its own way. Chromium 156's V8 and Node 20's V8
 * give results that differ in the last bits (relative ~1e-12 on a run's KPIs), and
 * JavaScriptCore (Excel on Mac runs custom functions in it) differs again, which broke the
 * spec's promise that a seed gives the same numbers in Node, the browser and a Web Worker, and
 * that the task pane's workbook and the CLI's .xlsx hold the same values. These are @stdlib's
 * pure-JavaScript ports of FreeBSD's msun / Sun's fdlibm (tanh: Cephes), which use only
 * `+ − × ÷`, bit operations on the doubles and the correctly rounded `Math.sqrt`, `Math.abs`,
 * `Math.floor`, `Math.ceil`: the same bits wherever IEEE-754 doubles are. exp, log, log1p,
 * expm1 and log2 give Node 20's `Math` bits (V8 ports fdlibm too); pow is within an ulp of it.
 *
 * Every `Math.` transcendental and every `**` in src/model, src/engine and src/report goes
 * through here (test/engine/host-neutral.test.ts refuses the rest): `x ** k` with a small whole
 * k is written as a product (a product of doubles is correctly rounded everywhere), any other
 * exponent with {@link pow}, and 2^k with {@link pow} too (exact for every whole k).
 */
import acos from '@stdlib/math-base-special-acos';
import cos from '@stdlib/math-base-special-cos';
import erfc from '@stdlib/math-base-special-erfc';
import exp from '@stdlib/math-base-special-exp';
import expm1 from '@stdlib/math-base-special-expm1';
import ln from '@stdlib/math-base-special-ln';
import log1p from '@stdlib/math-base-special-log1p';
import log2 from '@stdlib/math-base-special-log2';
import pow from '@stdlib/math-base-special-pow';
import tanh from '@stdlib/math-base-special-tanh';

/** The natural logarithm (@stdlib's `ln`), for `Math.log`. */
const log: (x: number) => number = ln;

export { acos, cos, erfc, exp, expm1, log, log1p, log2, pow, tanh };

/*
 * The exact functions and the constants the hot loops use, as module bindings. A read of a global
 * (`Math`, `Infinity`, `NaN`) in a vm context, where jest runs every test file, goes through the
 * context's interceptor (about 170 ns against under 1 in Node or a page), and the engine ran 5×
 * slower under jest than in Node for it (4,000 trials: 3.0 against 0.55 s). A module binding is
 * a plain load everywhere. Outside hot loops, `Math.min` and the rest read as usual.
 */
export const abs = Math.abs;
export const floor = Math.floor;
export const max = Math.max;
export const min = Math.min;
export const round = Math.round;
export const sqrt = Math.sqrt;
export const LN2 = Math.LN2;
export const SQRT1_2 = Math.SQRT1_2;
export const INFINITY = Infinity;
export const NOT_A_NUMBER = NaN;
