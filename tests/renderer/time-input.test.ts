import { describe, expect, it } from 'vitest';
import { timeTextToValue } from '../../src/renderer/src/ui/times';

describe('a time typed on the 24-hour clock', () => {
  it('reads the ways desk staff type a time', () => {
    expect(timeTextToValue('9')).toBe('09:00');
    expect(timeTextToValue('930')).toBe('09:30');
    expect(timeTextToValue('0930')).toBe('09:30');
    expect(timeTextToValue('9:30')).toBe('09:30');
    expect(timeTextToValue('9.30')).toBe('09:30');
    expect(timeTextToValue(' 14,05 ')).toBe('14:05');
    expect(timeTextToValue('23:59')).toBe('23:59');
  });

  it('is blank when nothing is typed, and no time for anything else', () => {
    expect(timeTextToValue('  ')).toBe('');
    expect(timeTextToValue('24:00')).toBeNull();
    expect(timeTextToValue('9:75')).toBeNull();
    expect(timeTextToValue('2:30 PM')).toBeNull();
    expect(timeTextToValue('abc')).toBeNull();
  });
});
