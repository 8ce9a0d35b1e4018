import { bloomFilterBytes, exactSetBytes, textWords } from '../../bench/summary-size';

describe('pruning summary sizes', () => {
  it('sizes a 1% bloom filter at about 9.59 bits per value', () => {
    expect(bloomFilterBytes(1000, 0.01)).toBe(1199); // 9,586 bits
    expect(bloomFilterBytes(1, 0.01)).toBe(2);
  });

  it('needs more bits for a lower false-positive rate, and none for an empty set', () => {
    expect(bloomFilterBytes(1000, 0.001)).toBeGreaterThan(bloomFilterBytes(1000, 0.01));
    expect(bloomFilterBytes(0, 0.01)).toBe(0);
  });

  it('rejects a rate outside (0, 1) and a fractional count', () => {
    expect(() => bloomFilterBytes(10, 0)).toThrow(/false-positive rate/);
    expect(() => bloomFilterBytes(10, 1)).toThrow(/false-positive rate/);
    expect(() => bloomFilterBytes(2.5, 0.01)).toThrow(/whole number/);
  });

  it('counts an exact set once per distinct value, in UTF-8 bytes', () => {
    expect(exactSetBytes(['b', 'a', 'b'])).toBe(3); // "a\nb"
    expect(exactSetBytes(['é'])).toBe(2);
    expect(exactSetBytes([])).toBe(0);
  });

  it('splits text into lower-case words of two or more letters or digits', () => {
    expect(textWords('Fix the SSO login, v2 — ÉTÉ a 404!')).toEqual([
      'fix',
      'the',
      'sso',
      'login',
      'v2',
      'été',
      '404',
    ]);
  });
});
