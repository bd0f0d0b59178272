const { renderHelp } = require('../../scripts/render-help') as {
  renderHelp(metadata: unknown, namespace?: string): string;
};

const metadata = {
  functions: [
    {
      id: 'BASS',
      name: 'BASS',
      description: 'Cumulative adopters of the Bass curve.',
      helpUrl: 'https://localhost:3000/help.html#bass',
      parameters: [
        { name: 'marketSize', description: 'Market size m.', type: 'number' },
        { name: 'years', description: 'Years <t> & more.', type: 'number', dimensionality: 'matrix' },
        { name: 'scenario', description: 'Scenario name.', type: 'string', optional: true },
      ],
      result: { type: 'number', dimensionality: 'matrix' },
    },
    { id: 'HDR', name: 'HDR', description: 'A uniform in (0, 1).', parameters: [], result: { type: 'number' } },
  ],
};

describe('renderHelp', () => {
  const html = renderHelp(metadata);

  test('is a complete page with one section per function, anchored at the id lowercased', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<section id="bass">');
    expect(html).toContain('<section id="hdr">');
    expect(html).toContain('href="#bass">OSS.BASS</a>');
  });

  test('shows the signature with optional arguments in brackets, and each argument', () => {
    expect(html).toContain('=OSS.BASS(marketSize, years, [scenario])');
    expect(html).toContain('<code>marketSize</code> — a number, required');
    expect(html).toContain('<code>years</code> — a number or a range of numbers, required');
    expect(html).toContain('<code>scenario</code> — a string, optional');
    expect(html).toContain('Scenario name.');
  });

  test('describes the result and functions without arguments', () => {
    expect(html).toContain('<strong>Result:</strong> a range of numbers (spills).');
    expect(html).toContain('<strong>Result:</strong> a number.');
    expect(html).toContain('No arguments.');
  });

  test('escapes HTML in descriptions', () => {
    expect(html).toContain('Years &lt;t&gt; &amp; more.');
    expect(html).not.toContain('<t>');
  });

  test('uses another namespace when given one', () => {
    expect(renderHelp(metadata, 'XX')).toContain('=XX.HDR()');
  });
});
