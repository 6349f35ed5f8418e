// Every timeout of the suite comes from here, so a slow or busy machine raises all of them
// with one setting instead of seeing a red suite (issue 11, item 7: on a 2-core machine at a
// load average of 8–13, 13 tests failed, all of them timeouts).
//
//   POPLAR_TEST_TIME_SCALE=3 npm test     every test, hook and wait bound × 3
//
// Unset, the scale is 1 on a developer's machine and 2 when CI is set (shared runners are
// slower and busier than a laptop). A timeout only bounds how long a test may take to fail;
// raising it never makes a broken test pass. Bounds that are the behaviour under test (a
// session that must end within its budget) are not scaled: those are the product's limits.
//
// Plain Node (vitest.config.ts imports it too), no Vitest imports.

function scaleFrom(env: NodeJS.ProcessEnv): number {
  const text = env.POPLAR_TEST_TIME_SCALE;
  if (text === undefined || text.trim() === '') return env.CI ? 2 : 1;
  const value = Number(text);
  // A typo must not silently shrink every timeout to nothing (or make them infinite).
  if (!Number.isFinite(value) || value < 1 || value > 100) {
    throw new Error(`POPLAR_TEST_TIME_SCALE must be a number from 1 to 100, not ${JSON.stringify(text)}`);
  }
  return value;
}

/** The factor every timeout of the suite is multiplied by (POPLAR_TEST_TIME_SCALE; 1, or 2 under CI). */
export const TEST_TIME_SCALE: number = scaleFrom(process.env);

/** `n` seconds of test time, in milliseconds, scaled. */
export function seconds(n: number): number {
  return Math.round(n * 1000 * TEST_TIME_SCALE);
}

/** A wait bound given in milliseconds, scaled (for helpers that take `timeoutMs`). */
export function scaled(ms: number): number {
  return Math.round(ms * TEST_TIME_SCALE);
}

/** For tests of this module: the scale a given environment yields. */
export const testTimeScaleFor = scaleFrom;
