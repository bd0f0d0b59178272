import { nothingRanText } from '../../src/taskpane/pane-text';

describe('nothingRanText', () => {
  it('names the table with the problems, in the notice and in the live region', () => {
    expect(nothingRanText(1, 0)).toEqual({
      notice: 'Nothing ran: the assumptions table has 1 problem. Choose one to select its cell.',
      announcement: 'Nothing ran: 1 problem in the assumptions table.',
    });
    expect(nothingRanText(0, 3)).toEqual({
      notice: 'Nothing ran: the plan table has 3 problems. Choose one to select its cell.',
      announcement: 'Nothing ran: 3 problems in the plan table.',
    });
    expect(nothingRanText(2, 1)).toEqual({
      notice:
        'Nothing ran: the assumptions table has 2 problems and the plan table 1 problem. Choose one to select its cell.',
      announcement: 'Nothing ran: 2 problems in the assumptions table and 1 problem in the plan table.',
    });
  });
});
