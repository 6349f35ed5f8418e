// The boundary rule is only worth having if it catches violations: lint bad samples
// placed (virtually) in each layer through ESLint's own API and the repository config.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { seconds } from '../tests/support/timeouts.ts';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

function boundaryMessages(results: ESLint.LintResult[]): string[] {
  return results
    .flatMap((r) => r.messages)
    .filter((m) => m.ruleId === 'poplar/boundaries')
    .map((m) => m.message);
}

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  return boundaryMessages(await eslint.lintText(code, { filePath: path.join(root, file) }));
}

// A planted tree of real files (ignored by the repository's lint config), linted with the
// repository's config and the rule rooted there, as if it were the repository.
const plantedRoot = path.join(root, 'tests', 'fixtures', 'lint');
const planted = new ESLint({
  cwd: root,
  ignore: false,
  overrideConfig: { rules: { 'poplar/boundaries': ['error', { root: plantedRoot }] } },
});

async function plantedErrors(file: string): Promise<string[]> {
  return boundaryMessages(await planted.lintFiles([path.join(plantedRoot, file)]));
}

describe('poplar/boundaries lint rule', { timeout: seconds(60) }, () => {
  it('rejects electron in the engine, renderer and shared', async () => {
    for (const file of ['electron/pop3/sample.ts', 'renderer/sample.tsx', 'shared/sample.ts']) {
      const errors = await boundaryErrors(file, "import { app } from 'electron';\nexport const a = app;\n");
      expect(errors, file).toHaveLength(1);
      expect(errors[0]).toMatch(/must not import the 'electron' package/);
    }
  });

  it('allows electron in electron/main and electron/preload', async () => {
    for (const file of ['electron/main/sample.ts', 'electron/preload/sample.ts']) {
      expect(await boundaryErrors(file, "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
    }
  });

  it('rejects Node modules in renderer and shared, with or without the node: prefix', async () => {
    const samples = [
      "import fs from 'node:fs';\nexport const f = fs;\n",
      "import { join } from 'path';\nexport const j = join;\n",
      "export * from 'node:crypto';\n",
      "export const m = import('node:os');\n",
      "export const m = require('child_process');\n",
    ];
    for (const file of ['renderer/sample.ts', 'shared/sample.ts']) {
      for (const code of samples) {
        const errors = await boundaryErrors(file, code);
        expect(errors, `${file}: ${code}`).toHaveLength(1);
        expect(errors[0]).toMatch(/must not import the Node module/);
      }
    }
  });

  it('rejects imports from electron/ in renderer and shared, and from renderer in shared', async () => {
    expect(await boundaryErrors('renderer/app/sample.ts', "export * from '../../electron/pop3/client.ts';\n")).toEqual([
      "renderer/ must not import from electron/ ('../../electron/pop3/client.ts'); use the API in shared/",
    ]);
    expect(await boundaryErrors('shared/sample.ts', "export * from '../renderer/app.tsx';\n")).toEqual([
      "shared/ must not import from renderer/ ('../renderer/app.tsx')",
    ]);
  });

  it('allows what the design allows', async () => {
    expect(await boundaryErrors('renderer/sample.ts', "export * from '../shared/api.ts';\nexport * from 'react';\n")).toEqual([]);
    expect(await boundaryErrors('electron/store/sample.ts', "export * from 'node:sqlite';\nexport * from '../pop3/client.ts';\n")).toEqual(
      [],
    );
  });

  it('holds every electron/ folder to its row of the allowed-imports table', async () => {
    const MAIN = 'allowed: secrets, engine, serving';
    const refused: Array<[string, string, string]> = [
      ['electron/pop3/sample.ts', '../engine/engine.ts', 'electron/pop3 must not import electron/engine (allowed: secrets, tls)'],
      ['electron/mime/sample.ts', '../store/messages.ts', 'electron/mime must not import electron/store (allowed: shared/ only)'],
      ['electron/secrets/sample.ts', '../pop3/client.ts', 'electron/secrets must not import electron/pop3 (allowed: shared/ only)'],
      ['electron/store/sample.ts', '../sync/session.ts', 'electron/store must not import electron/sync (allowed: secrets, pop3, mime)'],
      ['electron/main/sample.ts', '../cli/poplar.ts', `electron/main must not import electron/cli (${MAIN})`],
      ['electron/main/sample.ts', '../host/host.ts', `electron/main must not import electron/host (${MAIN})`],
      ['electron/main/sample.ts', '../sync/lock-dir.ts', `electron/main must not import electron/sync (${MAIN})`],
      ['electron/preload/sample.ts', '../engine/engine.ts', 'electron/preload must not import electron/engine (allowed: shared/ only)'],
    ];
    for (const [file, specifier, message] of refused) {
      expect(await boundaryErrors(file, `export * from '${specifier}';\n`), `${file} → ${specifier}`).toEqual([message]);
    }
  });

  it('allows the table’s imports, imports within a folder, and any import from a test or a fixture', async () => {
    const allowed: Array<[string, string]> = [
      ['electron/sync/sample.ts', '../store/ledger.ts'],
      ['electron/engine/sample.ts', '../demo/mailbox.ts'],
      ['electron/main/sample.ts', '../engine/boot.ts'],
      ['electron/cli/sample.ts', '../host/host.ts'],
      ['electron/pop3/commands/sample.ts', '../client.ts'],
      ['electron/pop3-server/server.test.ts', '../demo/mailbox.ts'],
      ['electron/store/fixtures/sample.ts', '../../sync/session.ts'],
    ];
    for (const [file, specifier] of allowed) {
      expect(await boundaryErrors(file, `export * from '${specifier}';\n`), `${file} → ${specifier}`).toEqual([]);
    }
  });

  it('asks for a row when a new electron/ folder imports another one', async () => {
    expect(await boundaryErrors('electron/newfolder/sample.ts', "export * from '../store/ledger.ts';\n")).toEqual([
      'electron/newfolder has no row in ALLOWED_IMPORTS (tools/eslint-boundaries.js): add one saying what it may import',
    ]);
  });

  it('catches the planted violations in tests/fixtures/lint, and passes the planted allowed import', async () => {
    expect(await plantedErrors('electron/pop3/imports-engine.ts')).toEqual([
      'electron/pop3 must not import electron/engine (allowed: secrets, tls)',
    ]);
    expect(await plantedErrors('electron/mime/imports-store.ts')).toEqual([
      'electron/mime must not import electron/store (allowed: shared/ only)',
    ]);
    expect(await plantedErrors('electron/main/imports-cli.ts')).toEqual([
      'electron/main must not import electron/cli (allowed: secrets, engine, serving)',
      'electron/main must not import electron/host (allowed: secrets, engine, serving)',
    ]);
    expect(await plantedErrors('electron/sync/imports-store.ts')).toEqual([]);
  });
});
