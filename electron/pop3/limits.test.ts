import { describe, expect, it } from 'vitest';
import {
  COMMAND_IDLE_TIMEOUT_MS, CONNECT_BUDGET_MS, MAX_COMMAND_LINE_OCTETS, MAX_LISTING_OCTETS, MAX_RESPONSE_LINE_OCTETS,
  PIPELINE_WINDOW, QUIT_TIMEOUT_MS, TRANSCRIPT_MAX_ENTRIES, TRANSCRIPT_MAX_LINE_CHARS,
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
});
