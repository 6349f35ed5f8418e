import { describe, expect, it } from 'vitest';
import {
  COMMAND_IDLE_TIMEOUT_MS,
  CONNECT_BUDGET_MS,
  DEFAULT_LIMITS,
  LISTING_BUDGET_MS,
  LOGIN_STALL_CLOSE_MS,
  LOGIN_STALL_TIMEOUT_MS,
  MAX_COMMAND_LINE_OCTETS,
  MAX_LISTING_OCTETS,
  MAX_RESPONSE_LINE_OCTETS,
  PIPELINE_WINDOW,
  QUIT_TIMEOUT_MS,
  STATUS_BUDGET_MS,
  TIME_SCALE_MAX,
  TIME_SCALE_MIN,
  TRANSCRIPT_MAX_ENTRIES,
  TRANSCRIPT_MAX_LINE_CHARS,
  listingBudgetMs,
  processLimits,
  retrieveBudgetMs,
  scaleLimits,
  setProcessTimeScale,
  timeScaleFromEnv,
} from './limits.ts';

describe('limits', () => {
  it('accepts every line a conforming server may send (RFC 2449 §4: 512 octets with CRLF)', () => {
    expect(MAX_RESPONSE_LINE_OCTETS).toBeGreaterThanOrEqual(512 - 2);
  });

  it('sends no command longer than a CAPA server must accept (RFC 2449 §4: 255 octets)', () => {
    expect(MAX_COMMAND_LINE_OCTETS).toBe(255);
  });

  it('lets a listing hold far more than the longest line', () => {
    expect(MAX_LISTING_OCTETS).toBeGreaterThan(1000 * MAX_RESPONSE_LINE_OCTETS);
  });

  it('gives up on a silent server before its RFC 1939 §3 autologout (at least 10 minutes) could', () => {
    expect(COMMAND_IDLE_TIMEOUT_MS).toBeLessThan(10 * 60_000);
    expect(CONNECT_BUDGET_MS).toBeLessThan(10 * 60_000);
    // Dovecot answers a refused second login after ~10 s: the wait must outlast that.
    expect(COMMAND_IDLE_TIMEOUT_MS).toBeGreaterThan(10_000);
  });

  it('keeps QUIT short next to a normal command wait', () => {
    expect(QUIT_TIMEOUT_MS).toBeLessThan(COMMAND_IDLE_TIMEOUT_MS);
  });

  it('bounds the pipeline, the transcript and its lines', () => {
    expect(PIPELINE_WINDOW).toBeGreaterThan(1);
    expect(TRANSCRIPT_MAX_ENTRIES).toBeGreaterThan(20);
    expect(TRANSCRIPT_MAX_LINE_CHARS).toBeGreaterThanOrEqual(80);
  });

  it('bounds every reply in total, and no budget outlasts RFC 1939 §3’s ten-minute autologout except by the size announced', () => {
    expect(STATUS_BUDGET_MS).toBeLessThanOrEqual(COMMAND_IDLE_TIMEOUT_MS);
    expect(LISTING_BUDGET_MS).toBeLessThan(10 * 60_000);
    // The login wait (a server blocked on a mailbox lock) is longer than a normal command's…
    expect(LOGIN_STALL_TIMEOUT_MS).toBeGreaterThan(COMMAND_IDLE_TIMEOUT_MS);
    expect(LOGIN_STALL_TIMEOUT_MS).toBeLessThan(10 * 60_000);
    // …and a hang-up sooner than solid-pop3d's ~5 s dot-lock wait is not read as a stall.
    expect(LOGIN_STALL_CLOSE_MS).toBeLessThan(LOGIN_STALL_TIMEOUT_MS);
  });

  it('scales listing budgets by the message count and RETR budgets by the LIST size', () => {
    expect(listingBudgetMs(DEFAULT_LIMITS, null)).toBe(LISTING_BUDGET_MS);
    expect(listingBudgetMs(DEFAULT_LIMITS, 10)).toBe(LISTING_BUDGET_MS); // never below the fixed bound
    expect(listingBudgetMs(DEFAULT_LIMITS, 800_000)).toBe(60_000 + 800_000 * 2);
    expect(retrieveBudgetMs(DEFAULT_LIMITS, 0, 'RETR')).toBe(60_000);
    expect(retrieveBudgetMs(DEFAULT_LIMITS, 16 * 1024 * 100, 'RETR')).toBe(160_000);
    expect(retrieveBudgetMs(DEFAULT_LIMITS, 100 * 1024 * 1024, 'TOP')).toBe(60_000 + 64_000); // TOP n 0: headers only
    expect(retrieveBudgetMs(DEFAULT_LIMITS, null, 'RETR')).toBe(60_000 + 1_600_000); // as a 25 MB message
  });

  it('POPLAR_TIME_SCALE multiplies times, divides rates, and is clamped', () => {
    expect(timeScaleFromEnv(undefined)).toBe(1);
    expect(timeScaleFromEnv('')).toBe(1);
    expect(timeScaleFromEnv('nonsense')).toBe(1);
    expect(timeScaleFromEnv('-3')).toBe(1);
    expect(timeScaleFromEnv('0.02')).toBe(0.02);
    expect(timeScaleFromEnv('0.000001')).toBe(TIME_SCALE_MIN);
    expect(timeScaleFromEnv('1e9')).toBe(TIME_SCALE_MAX);
    const fast = scaleLimits(DEFAULT_LIMITS, 0.02);
    expect(fast.idleTimeoutMs).toBe(1200);
    expect(fast.listingBudgetMs).toBe(2400);
    expect(retrieveBudgetMs(fast, 16 * 1024, 'RETR')).toBe(Math.round(retrieveBudgetMs(DEFAULT_LIMITS, 16 * 1024, 'RETR') * 0.02));
    expect(scaleLimits(DEFAULT_LIMITS, 1)).toBe(DEFAULT_LIMITS);
    try {
      setProcessTimeScale(0.5);
      expect(processLimits().loginStallMs).toBe(LOGIN_STALL_TIMEOUT_MS / 2);
    } finally {
      setProcessTimeScale(1);
    }
    expect(processLimits()).toBe(DEFAULT_LIMITS);
  });
});
