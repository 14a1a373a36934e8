import { indianWords, rupeesInWords } from './amount-in-words';

describe('amounts in words, Indian system', () => {
  it.each([
    [0n, 'Zero'],
    [7n, 'Seven'],
    [19n, 'Nineteen'],
    [20n, 'Twenty'],
    [99n, 'Ninety Nine'],
    [100n, 'One Hundred'],
    [101n, 'One Hundred One'],
    [900n, 'Nine Hundred'],
    [1_000n, 'One Thousand'],
    [2_700n, 'Two Thousand Seven Hundred'],
    [1_00_000n, 'One Lakh'],
    [1_23_456n, 'One Lakh Twenty Three Thousand Four Hundred Fifty Six'],
    [1_00_00_000n, 'One Crore'],
    [10_00_00_000n, 'Ten Crore'],
    [12_34_56_789n, 'Twelve Crore Thirty Four Lakh Fifty Six Thousand Seven Hundred Eighty Nine'],
    [1_00_000_00_00_000n, 'One Lakh Crore'],
  ])('%s → %s', (n, words) => {
    expect(indianWords(n)).toBe(words);
  });

  it.each([
    [90_000, 'Indian Rupees Nine Hundred Only'],
    [76_271, 'Indian Rupees Seven Hundred Sixty Two and Seventy One Paise Only'],
    [1, 'Indian Rupees Zero and One Paise Only'],
    [12_345_678, 'Indian Rupees One Lakh Twenty Three Thousand Four Hundred Fifty Six and Seventy Eight Paise Only'],
  ])('%i paise → %s', (minor, words) => {
    expect(rupeesInWords(minor)).toBe(words);
  });
});
