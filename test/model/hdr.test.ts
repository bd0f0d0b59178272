/**
 * The HDR 2.0 counter-based generator (src/model/hdr.ts).
 *
 * Reference values: test/reference/reference.json group `hdr` — make_reference.py evaluates the
 * HDR 2.0 formula of model.md ("Randomness"; Hubbard Decision Research, SIPmath 3.0 standard)
 * with exact Python integers and Excel MOD semantics; u = (num + 0.5)/2^32 is exactly a double,
 * so every case must match exactly (===). A BigInt transcription of the same formula, written
 * here, is a second oracle over random keys up to 10^8.
 */
import fc from 'fast-check';
import reference from '../reference/reference.json';
import { HDR_MAX_KEY, hdr, hdrSource, hdrUniform } from '../../src/model/hdr';
import { ModelError } from '../../src/model/errors';

/** model.md's formula in BigInt (Excel MOD = floor modulo; all operands here are non-negative). */
function hdrBig(trial: number, variable: number, entity: number, seed3: number, seed4: number) {
  const [t, v, e, s3, s4] = [trial, variable, entity, seed3, seed4].map(BigInt);
  const S1 = (t * 2499997n + v * 1800451n + e * 2000371n + s3 * 1796777n + s4 * 2299603n) % 7450589n;
  const S2 = (t * 2246527n + v * 2399993n + e * 2100869n + s3 * 1918303n + s4 * 1624729n) % 7450987n;
  const A = (((999999999999989n % (S1 * 4658n + 7450581n)) * 383n) % 99991n) * 7440893n;
  const B = ((999999999999989n % (S2 * 7580n + 7560584n)) * 17669n) % 7440893n;
  const num = ((A + B) * 1343n) % 4294967296n;
  return { S1, S2, A, B, num, u: (Number(num) + 0.5) / 4294967296 };
}

describe('HDR 2.0 against the reference (exact)', () => {
  const cases = reference.hdr.cases;
  test.each(cases.map((c) => [c.trial, c.variable, c.entity, c.seed3, c.seed4, c.u]))(
    'HDR(trial %d, variable %d, entity %d, seed3 %d, seed4 %d) === %d',
    (trial, variable, entity, seed3, seed4, u) => {
      expect(hdrUniform(trial, variable, entity, seed3, seed4)).toBe(u);
      expect(hdr({ trial, variable, entity, seed3, seed4 })).toBe(u);
      expect(hdrSource({ entity, seed3, seed4 })(trial, variable)).toBe(u);
    },
  );

  test('the BigInt oracle reproduces the reference intermediates S1, S2, A, B, num', () => {
    for (const c of cases) {
      const b = hdrBig(c.trial, c.variable, c.entity, c.seed3, c.seed4);
      expect([b.S1, b.S2, b.A, b.B, b.num].map(Number)).toEqual([c.S1, c.S2, c.A, c.B, c.num]);
      expect(b.u).toBe(c.u);
    }
  });

  test('defaults: variable, entity and seeds default to 0', () => {
    expect(hdr({ trial: 7 })).toBe(hdrUniform(7));
    expect(hdrUniform(7)).toBe(hdrUniform(7, 0, 0, 0, 0));
    expect(hdrSource()(3, 4)).toBe(hdrUniform(3, 4, 0, 0, 0));
  });
});

describe('HDR 2.0 against a BigInt transcription of model.md over random keys', () => {
  test('exact (===) for keys up to 10^8, and always in (0, 1)', () => {
    const key = fc.oneof(
      fc.integer({ min: 0, max: HDR_MAX_KEY }),
      fc.integer({ min: 0, max: 100 }),
      fc.constantFrom(0, HDR_MAX_KEY),
    );
    fc.assert(
      fc.property(key, key, key, key, key, (t, v, e, s3, s4) => {
        const u = hdrUniform(t, v, e, s3, s4);
        return u === hdrBig(t, v, e, s3, s4).u && u > 0 && u < 1;
      }),
      { numRuns: 2000 },
    );
  });

  test('roughly uniform: 100,000 draws have mean ≈ 1/2 and deciles ≈ 10 %', () => {
    const counts = new Array(10).fill(0);
    let sum = 0;
    const n = 100000;
    for (let t = 1; t <= n; t++) {
      const u = hdrUniform(t, 1, 0, 1, 0);
      sum += u;
      counts[Math.floor(u * 10)]++;
    }
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005); // σ of the mean ≈ 0.0009
    for (const c of counts) expect(Math.abs(c / n - 0.1)).toBeLessThan(0.005); // σ ≈ 0.00095
  });
});

describe('hdr() validation: keys are whole numbers from 0 to 10^8', () => {
  const message = (name: string, got: string) => `${name} must be a whole number from 0 to 100000000, got ${got}`;
  const expectInvalid = (run: () => unknown, text: string) => {
    try {
      run();
    } catch (e) {
      expect(e).toBeInstanceOf(ModelError);
      expect((e as ModelError).kind).toBe('invalid');
      expect((e as ModelError).message).toBe(text);
      return;
    }
    throw new Error('no error');
  };

  test('negative, non-integer, above 10^8, not finite, NaN', () => {
    expectInvalid(() => hdr({ trial: -1 }), message('trial', '-1'));
    expectInvalid(() => hdr({ trial: 1.5 }), message('trial', '1.5'));
    expectInvalid(() => hdr({ trial: 100000001 }), message('trial', '100000001'));
    expectInvalid(() => hdr({ trial: Infinity }), message('trial', 'Infinity'));
    expectInvalid(() => hdr({ trial: NaN }), 'trial must be a number, got NaN');
    expectInvalid(() => hdr({ trial: 1, variable: -2 }), message('variable', '-2'));
    expectInvalid(() => hdr({ trial: 1, entity: 0.1 }), message('entity', '0.1'));
    expectInvalid(() => hdr({ trial: 1, seed3: 1e9 }), message('seed3', '1000000000'));
    expectInvalid(() => hdr({ trial: 1, seed4: -0.5 }), message('seed4', '-0.5'));
    expect(
      hdr({ trial: HDR_MAX_KEY, variable: HDR_MAX_KEY, entity: HDR_MAX_KEY, seed3: HDR_MAX_KEY, seed4: HDR_MAX_KEY }),
    ).toBe(hdrBig(HDR_MAX_KEY, HDR_MAX_KEY, HDR_MAX_KEY, HDR_MAX_KEY, HDR_MAX_KEY).u);
  });

  test('hdrSource validates its seeds once', () => {
    expectInvalid(() => hdrSource({ seed3: -1 }), message('seed3', '-1'));
    expectInvalid(() => hdrSource({ entity: 2.5 }), message('entity', '2.5'));
    expectInvalid(() => hdrSource({ seed4: 1e8 + 1 }), message('seed4', '100000001'));
  });

  test('hdrSource is a pure function of (trial, variable) with fixed entity and seeds', () => {
    const u = hdrSource({ entity: 3, seed3: 42, seed4: 5 });
    for (let t = 1; t <= 50; t++) {
      for (let v = 0; v < 3; v++) {
        expect(u(t, v)).toBe(hdrUniform(t, v, 3, 42, 5));
        expect(u(t, v)).toBe(u(t, v));
      }
    }
    expect(hdrSource({ seed3: 1 })(1, 1)).not.toBe(hdrSource({ seed3: 2 })(1, 1));
  });
});
