// The LOGIN-DELAY a [LOGIN-DELAY] refusal's words name (RFC 2449 §8.1.1 gives no syntax).
import { describe, expect, it } from 'vitest';
import { knownLoginDelay, loginDelayFromText, MAX_PARSED_LOGIN_DELAY_SECONDS } from './login-delay.ts';

describe('loginDelayFromText', () => {
  it.each([
    ['Logins must be at least 2 minutes apart', 120], // Cyrus pop3d, popminpoll: 2
    ['Logins must be at least 1 minute apart', 60],
    ['Logins must be at least 120 seconds apart', 120], // the scripted server's wording
    ['wait 120 seconds', 120],
    ['Please try again in 5 min', 300],
    ['minimum 90s between logins', 90],
    ['Retry in 1.5 minutes', 90],
    ['Login too soon, try again in 2 hours', MAX_PARSED_LOGIN_DELAY_SECONDS],
  ])('%s → %i s', (text, seconds) => {
    expect(loginDelayFromText(text)).toBe(seconds);
  });

  it.each([null, '', 'Login too soon', 'wait 120', 'try again later'])('names no time: %s', (text) => {
    expect(loginDelayFromText(text)).toBeNull();
  });
});

describe('knownLoginDelay', () => {
  it('takes the refusal’s word when CAPA said nothing, and the larger of both otherwise', () => {
    expect(knownLoginDelay(null, { seconds: 120, at: 10 }, 50)).toBe(120);
    expect(knownLoginDelay(60, { seconds: 120, at: 10 }, 5)).toBe(120);
    expect(knownLoginDelay(180, { seconds: 120, at: 10 }, 5)).toBe(180);
    expect(knownLoginDelay(60, null, 5)).toBe(60);
  });

  it('a later login’s CAPA is newer word than an old refusal', () => {
    expect(knownLoginDelay(60, { seconds: 120, at: 10 }, 50)).toBe(60);
  });
});
