// The boundary rule is only worth having if it catches violations: lint bad samples
// placed (virtually) in each layer through ESLint's own API and the repository config.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { seconds } from '../tests/support/timeouts.ts';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'poplar/boundaries').map((m) => m.message);
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
    expect(await boundaryErrors('electron/store/sample.ts', "export * from 'node:sqlite';\nexport * from '../pop3/client.ts';\n")).toEqual([]);
  });
});
