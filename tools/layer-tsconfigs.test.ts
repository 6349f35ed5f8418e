// The per-layer type check is only worth having if it refuses what a layer's runtime lacks: run
// each layer's compiler options (tests/fixtures/tsc/<layer>.json extends <layer>/tsconfig.json)
// over a planted file that uses another runtime's globals, and over one that stays in its own.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { seconds } from '../tests/support/timeouts.ts';

const root = path.resolve(import.meta.dirname, '..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

/** `file: name` for every "Cannot find name" error of one check. */
async function missingNames(layer: string): Promise<string[]> {
  const config = path.join('tests', 'fixtures', 'tsc', `${layer}.json`);
  const output = await promisify(execFile)(process.execPath, [tsc, '-p', config, '--pretty', 'false'], {
    cwd: root,
    timeout: seconds(90),
  }).then(
    (r) => r.stdout,
    (error: { stdout?: string }) => error.stdout ?? String(error),
  );
  const errors = output.split('\n').filter((line) => line.includes(': error TS'));
  for (const line of errors) expect(line, 'only missing globals are planted').toMatch(/error TS(2304|2584|2591): Cannot find name '\w+'/);
  return errors.map((line) => `${path.basename(line.slice(0, line.indexOf('(')))}: ${/Cannot find name '(\w+)'/.exec(line)?.[1]}`);
}

describe('per-layer tsconfigs', { timeout: seconds(120) }, () => {
  it('renderer/: refuses Node’s Buffer and process, accepts the DOM', async () => {
    expect(await missingNames('renderer')).toEqual(['uses-node.ts: Buffer', 'uses-node.ts: process']);
  });

  it('shared/: refuses both the DOM and Node, accepts the ECMAScript library', async () => {
    expect(await missingNames('shared')).toEqual(['uses-dom-and-node.ts: window', 'uses-dom-and-node.ts: Buffer']);
  });

  it('electron/: refuses document and window, accepts Node', async () => {
    expect(await missingNames('electron')).toEqual(['uses-dom.ts: document', 'uses-dom.ts: window']);
  });
});
