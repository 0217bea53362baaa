import { describe, expect, it } from 'vitest';
import { localDate } from '../../src/shared/dates';

describe('localDate', () => {
  it("gives the desk's calendar day, not the UTC one", () => {
    // Built from local fields, so this holds in any time zone the tests run in.
    expect(localDate(new Date(2024, 0, 1, 0, 30))).toBe('2024-01-01');
    expect(localDate(new Date(2024, 11, 31, 23, 59))).toBe('2024-12-31');
  });

  it('takes an ISO timestamp as well as a Date', () => {
    const instant = new Date(2024, 5, 15, 8, 0);
    expect(localDate(instant.toISOString())).toBe(localDate(instant));
    expect(localDate(instant.toISOString())).toBe('2024-06-15');
  });
});
