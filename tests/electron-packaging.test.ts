// The installers' configuration and contents, checked without the Electron binary:
//   - electron-builder.json validates against the JSON schema electron-builder ships
//     (node_modules/app-builder-lib/scheme.json), with ajv (a dependency of electron-builder);
//   - its `files` globs take the main bundle, the preload and the renderer, and no source maps;
//   - every module the main bundle and the preload require at run time is a Node built-in,
//     'electron', or a production dependency — never a dev dependency (those are not packed);
//   - the type check (tsconfig.json's electron project) covers electron/main and electron/preload,
//     against electron.d.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { seconds } from './support/timeouts.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const read = (rel: string): string => readFileSync(path.join(ROOT, rel), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  main: string;
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};
const config = JSON.parse(read('electron-builder.json')) as Record<string, unknown> & { files: string[] };

/** electron-builder's `files`: later patterns win; a leading '!' excludes. */
function packed(file: string): boolean {
  let included = false;
  for (const pattern of config.files) {
    if (pattern.startsWith('!')) {
      if (path.matchesGlob(file, pattern.slice(1))) included = false;
    } else if (path.matchesGlob(file, pattern)) {
      included = true;
    }
  }
  return included;
}

/** The bare module names a CommonJS bundle requires. */
function requiredModules(bundle: string): string[] {
  const names = new Set<string>();
  for (const match of read(bundle).matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) names.add(match[1] as string);
  return [...names].sort();
}

/** 'mailparser/lib/x' → 'mailparser'; '@scope/name/x' → '@scope/name'. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

describe('electron-builder configuration', { timeout: seconds(60) }, () => {
  it('validates against the schema electron-builder ships', () => {
    const schema = JSON.parse(read('node_modules/app-builder-lib/scheme.json')) as object;
    const validate = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The validator does catch mistakes: a misspelt key and a wrong type.
    expect(validate({ ...config, appID: 'x' })).toBe(false);
    expect(validate({ ...config, nsis: { perMachine: 'no' } })).toBe(false);
  });

  it('says what the issue asks for on each platform', () => {
    expect(config).toMatchObject({ appId: 'org.poplar.mail', productName: 'Poplar' });
    expect(config).not.toHaveProperty('extraMetadata.version'); // the version is package.json's
    expect(config).toMatchObject({
      linux: { target: ['AppImage', 'deb'], category: 'Network;Email' },
      nsis: { oneClick: false, perMachine: false },
      mac: { hardenedRuntime: true, entitlements: 'build/entitlements.mac.plist' },
    });
    expect(existsSync(path.join(ROOT, 'build/entitlements.mac.plist'))).toBe(true);
    expect(pkg.scripts.dist).toMatch(/electron-builder/);
    expect(pkg.scripts.start).toBe('npm run build && electron .');
  });

  it('flips the Electron fuses that close the ways around the packed app code', () => {
    // Electron security checklist, "Flip the fuses": no ELECTRON_RUN_AS_NODE (the main process
    // never forks), no NODE_OPTIONS or --inspect, app code only from an app.asar whose
    // integrity is checked (macOS, Windows), cookies encrypted, no extra file:// privileges
    // (the page comes from poplar://).
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true); // onlyLoadAppFromAsar needs the app in app.asar
    // Each key is one electron-builder 26 passes to @electron/fuses (a key it does not read
    // would be silently ignored; the schema would already refuse a misspelt one).
    const packager = read('node_modules/app-builder-lib/out/platformPackager.js');
    for (const key of Object.keys(config.electronFuses as object)) expect(packager, key).toContain(`fuses.${key} != null`);
    const schema = JSON.parse(read('node_modules/app-builder-lib/scheme.json')) as object;
    const validate = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(schema);
    expect(validate({ ...config, electronFuses: { ...(config.electronFuses as object), runAsnode: false } })).toBe(false);
  });

  it('has the icon set: the SVG source and every PNG size', () => {
    expect(read('build/icon.svg')).toMatch(/^<svg /);
    const png = (rel: string): { width: number; height: number } => {
      const bytes = readFileSync(path.join(ROOT, rel));
      expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
      return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
    };
    expect(png('build/icon.png')).toEqual({ width: 512, height: 512 });
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024])
      expect(png(`build/icons/${size}x${size}.png`)).toEqual({ width: size, height: size });
    expect(readdirSync(path.join(ROOT, 'build/icons')).length).toBe(9);
  });
});

describe('what the installers contain', { timeout: seconds(60) }, () => {
  beforeAll(() => {
    // The bundles come from `npm run build`; build them when this checkout has not yet.
    if (!existsSync(path.join(ROOT, 'dist/electron/main.cjs')) || !existsSync(path.join(ROOT, 'dist/renderer/index.html'))) {
      execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore' });
    }
  }, seconds(120));

  it('the files globs take the main bundle, the preload, the renderer and package.json, and no source maps', () => {
    expect(pkg.main).toBe('dist/electron/main.cjs');
    for (const file of [
      'dist/electron/main.cjs',
      'dist/electron/preload.cjs',
      // The analysis worker (electron/analysis/), started from inside app.asar: Electron has
      // loaded worker_threads scripts from an asar archive since version 19 (electron#33216).
      'dist/electron/analysis-worker.cjs',
      'dist/electron/tray.png',
      'dist/renderer/index.html',
      'package.json',
    ]) {
      expect(existsSync(path.join(ROOT, file)), file).toBe(true);
      expect(packed(file), file).toBe(true);
    }
    for (const asset of readdirSync(path.join(ROOT, 'dist/renderer/assets')))
      expect(packed(`dist/renderer/assets/${asset}`), asset).toBe(!asset.endsWith('.map'));
    for (const file of [
      'dist/electron/main.cjs.map',
      'electron/main/main.ts',
      'tests/electron-packaging.test.ts',
      'node_modules/vitest/package.json',
      'dist/cli/poplar.mjs',
    ]) {
      expect(packed(file), file).toBe(false);
    }
  });

  it('every module the main bundle and its worker require is a Node built-in, electron, or a production dependency', () => {
    const builtins = new Set(builtinModules);
    const modules = [...requiredModules('dist/electron/main.cjs'), ...requiredModules('dist/electron/analysis-worker.cjs')];
    expect(modules).toContain('electron');
    const wrong = modules.filter(
      (m) => !(m.startsWith('node:') || builtins.has(m) || m === 'electron' || Object.hasOwn(pkg.dependencies, packageOf(m))),
    );
    expect(wrong).toEqual([]);
    // And in particular no dev dependency (they are not packed).
    expect(modules.map(packageOf).filter((m) => Object.hasOwn(pkg.devDependencies, m) && m !== 'electron')).toEqual([]);
  });

  it('nothing in the main bundle needs ELECTRON_RUN_AS_NODE (the runAsNode fuse is off)', () => {
    expect(read('dist/electron/main.cjs')).not.toMatch(/ELECTRON_RUN_AS_NODE|\bfork\(/);
  });

  it('the sandboxed preload is one CommonJS file that requires only electron', () => {
    expect(requiredModules('dist/electron/preload.cjs')).toEqual(['electron']);
    expect(read('dist/electron/preload.cjs')).not.toMatch(/\bimport\s*\(|\bimport\s+[\w{*]/);
  });
});

describe('type-checking against electron.d.ts', () => {
  it('the type check includes electron/ (main and preload), and electron.d.ts is where the types come from', () => {
    expect(read('tsconfig.json')).toMatch(/"path"\s*:\s*"electron"/);
    const include = /"include"\s*:\s*\[([^\]]*)\]/.exec(read('electron/tsconfig.json'))?.[1] ?? '';
    expect(include).toMatch(/"\*\*\/\*\.ts"/);
    expect(existsSync(path.join(ROOT, 'electron/main/main.ts'))).toBe(true);
    expect(existsSync(path.join(ROOT, 'electron/preload/preload.ts'))).toBe(true);
    expect(existsSync(path.join(ROOT, 'node_modules/electron/electron.d.ts'))).toBe(true);
    expect(read('electron/main/main.ts')).toMatch(/from 'electron'/);
    expect(read('electron/preload/preload.ts')).toMatch(/from 'electron'/);
  });
});
