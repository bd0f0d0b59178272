/**
 * The correlation table (src/engine/correlation-table.ts): one reader for the pane's table, the
 * command line's file and the template's sheet; every problem named by its cell.
 */
import {
  checkCorrelations,
  correlationEntries,
  correlationProblems,
  readCorrelations,
  uncertainName,
} from '../../src/engine/correlation-table';
import { InputTable, fixedInputs, withCorrelations } from '../../src/engine/simulation-inputs';
import { quickInputs } from '../support/quick-inputs';

const inputs = quickInputs();

/** A table as a host hands it over: cells named like the pane's, "Beekeeper Correlations!B3". */
function table(rows: unknown[][], header: unknown[] = ['name1', 'name2', 'correlation']): InputTable {
  const where = (r: number, c: number) => `Beekeeper Correlations!${'ABCDE'[c]}${r + 1}`;
  return {
    source: 'Beekeeper Correlations',
    header: header.map((value, c) => ({ value, where: where(0, c) })),
    rows: rows.map((row, r) => row.map((value, c) => ({ value, where: where(r + 1, c) }))),
  };
}

test('reads names in any case, numbers and percentages; skips empty rows; other columns ignored', () => {
  const t = table(
    [
      ['MarketSize', 'organizations', 0.8, 'bigger markets, more firms'],
      [null, null, null, null],
      ['annualContractValue', ' acquisitionCost ', '-50%', ''],
    ],
    ['name1', 'name2', 'correlation', 'note'],
  );
  expect(readCorrelations(t, inputs)).toEqual([
    { a: 'marketSize', b: 'organizations', correlation: 0.8 },
    { a: 'annualContractValue', b: 'acquisitionCost', correlation: -0.5 },
  ]);
  expect(correlationProblems(t, inputs)).toEqual([]);
  expect(correlationEntries(t)).toHaveLength(2);
});

test('the header: name twice (the spec), "Name 1" / "Name 2", in any order of columns', () => {
  const rows = [['imitation', 'persuasion', 0.3]];
  const expected = [{ a: 'imitation', b: 'persuasion', correlation: 0.3 }];
  expect(readCorrelations(table(rows, ['name', 'name', 'correlation']), inputs)).toEqual(expected);
  expect(readCorrelations(table(rows, ['Name 1', 'NAME 2', 'Correlation']), inputs)).toEqual(expected);
  expect(
    readCorrelations(table([[0.3, 'persuasion', 'imitation']], ['correlation', 'name2', 'name1']), inputs),
  ).toEqual(expected);
  expect(() => readCorrelations(table(rows, ['name1', 'name2', 'value']), inputs)).toThrow(
    'Beekeeper Correlations: the header row has no "correlation" column (it has name1, name2, value)',
  );
  expect(() => readCorrelations(table(rows, ['name', 'correlation']), inputs)).toThrow('no "name2" column');
  expect(() => readCorrelations(table(rows, ['name', 'name', 'name', 'correlation']), inputs)).toThrow(
    'Beekeeper Correlations!C1: column "name" is given twice (also Beekeeper Correlations!B1)',
  );
});

describe('bad input: each problem at its cell', () => {
  const cases: { name: string; rows: unknown[][]; where: string; message: RegExp }[] = [
    {
      name: 'an unknown name, with the nearest uncertain input',
      rows: [['imitaton', 'persuasion', 0.3]],
      where: 'Beekeeper Correlations!A2',
      message:
        /^unknown input "imitaton"; did you mean "imitation"\? A correlation is between uncertain inputs \(those with a distribution\): marketSize, innovation, imitation/,
    },
    {
      name: 'an input with no distribution',
      rows: [['imitation', 'engineerCost', 0.3]],
      where: 'Beekeeper Correlations!B2',
      message: /^engineerCost has no distribution, so it is the same in every trial and nothing can correlate with it/,
    },
    {
      name: 'a correlation above 1',
      rows: [['imitation', 'persuasion', 1.5]],
      where: 'Beekeeper Correlations!C2',
      message: /^correlation must be between -1 and 1, got 1.5$/,
    },
    {
      name: 'a correlation below −1',
      rows: [['imitation', 'persuasion', -2]],
      where: 'Beekeeper Correlations!C2',
      message: /^correlation must be between -1 and 1, got -2$/,
    },
    {
      name: 'a correlation that is not a number',
      rows: [['imitation', 'persuasion', 'strong']],
      where: 'Beekeeper Correlations!C2',
      message: /^correlation must be a number, got "strong"$/,
    },
    {
      name: 'an empty correlation',
      rows: [['imitation', 'persuasion', null]],
      where: 'Beekeeper Correlations!C2',
      message: /^correlation must be a number, got an empty cell$/,
    },
    {
      name: 'a self pair',
      rows: [['imitation', 'Imitation', 0.5]],
      where: 'Beekeeper Correlations!B2',
      message: /^imitation is correlated with itself: a correlation is between two different inputs/,
    },
    {
      name: 'a name that is not text',
      rows: [[42, 'persuasion', 0.5]],
      where: 'Beekeeper Correlations!A2',
      message: /^name1 must be text, got 42$/,
    },
    {
      name: 'the same pair twice, in the other order: both cells named',
      rows: [
        ['imitation', 'persuasion', 0.5],
        ['persuasion', 'imitation', 0.4],
      ],
      where: 'Beekeeper Correlations!A3',
      message:
        /^the correlation of persuasion and imitation is given twice \(also Beekeeper Correlations!A2\): keep one row$/,
    },
    {
      name: 'a matrix that is not positive definite: the pair that breaks it, with its range',
      rows: [
        ['marketSize', 'organizations', 0.9],
        ['organizations', 'imitation', 0.9],
        ['marketSize', 'imitation', -0.9],
      ],
      // In column order (marketSize, imitation, organizations) the factorisation fails at
      // organizations; both of its pairs must be below −0.62 given the others (1.52 away each):
      // the first row is named.
      where: 'Beekeeper Correlations!C2',
      message:
        /^the correlations are not a valid correlation matrix \(positive definite\): marketSize–organizations 0.9 conflicts with organizations–imitation 0.9 and marketSize–imitation -0.9; with those as given, marketSize–organizations must be strictly between -1 and -0.62: change it, or the correlations it conflicts with$/,
    },
    {
      name: 'a correlation of exactly 1',
      rows: [['imitation', 'persuasion', 1]],
      where: 'Beekeeper Correlations!C2',
      message:
        /^imitation–persuasion is 1: a correlation of exactly 1 or −1 would make one input a function of the other/,
    },
  ];

  test.each(cases)('$name', ({ rows, where, message }) => {
    const t = table(rows);
    let thrown: unknown;
    try {
      readCorrelations(t, inputs);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toMatchObject({ where });
    expect((thrown as { problem: string }).problem).toMatch(message);
    const problems = correlationProblems(t, inputs);
    expect(problems).toHaveLength(1);
    expect(problems[0].where).toBe(where);
    expect(problems[0].message).toMatch(message);
  });

  test('every row with a problem listed at once, each at its cell', () => {
    const problems = correlationProblems(
      table([
        ['imitaton', 'persuasion', 0.3],
        ['imitation', 'persuasion', 0.3],
        ['imitation', 'marketSize', 7],
        ['fixedCosts', 'marketSize', 0.1],
      ]),
      inputs,
    );
    expect(problems.map((p) => p.where)).toEqual([
      'Beekeeper Correlations!A2',
      'Beekeeper Correlations!C4',
      'Beekeeper Correlations!A5',
    ]);
  });
});

test('a run without uncertainty: the message says that no input has a distribution', () => {
  expect(() => uncertainName('imitation', fixedInputs())).toThrow(
    'imitation has no distribution, so it is the same in every trial and nothing can correlate with it: give it a distribution in the assumptions, or remove this row. No input has a distribution: a correlation is between uncertain inputs.',
  );
});

test('correlations as data: checked as a table, each problem at its row and field; withCorrelations checks again', () => {
  expect(checkCorrelations([{ a: 'imitation', b: 'persuasion', correlation: '60%' }], inputs)).toEqual([
    { a: 'imitation', b: 'persuasion', correlation: 0.6 },
  ]);
  expect(() => checkCorrelations([{ a: 'imitation', b: 'nope', correlation: 0.5 }], inputs)).toThrow(
    /^correlations row 1 \(name2\): unknown input "nope"/,
  );
  expect(() => withCorrelations(inputs, [{ a: 'imitation', b: 'imitation', correlation: 0.5 }])).toThrow(
    'correlations row 1 (name2): imitation is correlated with itself',
  );
  expect(() =>
    withCorrelations(inputs, [
      { a: 'imitation', b: 'persuasion', correlation: 0.5 },
      { a: 'imitation', b: 'persuasion', correlation: 0.5 },
    ]),
  ).toThrow(
    'correlations row 2 (name1): the correlation of imitation and persuasion is given twice (also correlations row 1 (name1))',
  );
  expect(withCorrelations(inputs, []).correlations).toEqual([]);
});
