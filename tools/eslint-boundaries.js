// The process boundaries of DESIGN.md as one ESLint rule ("poplar/boundaries").
//
//   shared/               the contract: no Node, no Electron, no DOM-only code of ours
//   renderer/             browser code: may import shared/ and npm packages, never Node or electron/
//   electron/main|preload the only places that may import the `electron` package
//   electron/* (others)   plain Node 24: anything but `electron`
//
// It checks static imports, re-exports, dynamic import() with a literal and require()
// with a literal, and resolves relative specifiers so that `../../electron/pop3/x.ts`
// from renderer/ is caught as well as a bare `electron`.
import { isBuiltin } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Which layer a file (absolute path) belongs to, or null when the rule does not apply. */
export function layerOf(file) {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
  if (rel.startsWith('..')) return null;
  if (rel.startsWith('shared/')) return 'shared';
  if (rel.startsWith('renderer/')) return 'renderer';
  if (rel.startsWith('electron/main/') || rel.startsWith('electron/preload/')) return 'electron-shell';
  if (rel.startsWith('electron/')) return 'engine';
  return null;
}

/** Why `specifier`, imported from `file`, breaks a boundary; null when it is allowed. */
export function violation(file, specifier) {
  const layer = layerOf(file);
  if (layer === null || layer === 'electron-shell') return null;
  const isElectronPackage = specifier === 'electron' || specifier.startsWith('electron/');
  if (isElectronPackage) {
    return `${layer === 'engine' ? 'electron/' + engineFolder(file) : layer}/ must not import the 'electron' package; only electron/main and electron/preload may`;
  }
  if (layer === 'engine') return null;
  // shared/ and renderer/ run in the browser sandbox (and shared/ in both worlds).
  if (specifier.startsWith('node:') || isBuiltin(specifier)) {
    return `${layer}/ must not import the Node module '${specifier}'; it runs without Node`;
  }
  if (specifier.startsWith('.')) {
    const target = layerOf(path.resolve(path.dirname(file), specifier));
    if (target === 'engine' || target === 'electron-shell') {
      return `${layer}/ must not import from electron/ ('${specifier}'); use the API in shared/`;
    }
    if (layer === 'shared' && target === 'renderer') {
      return `shared/ must not import from renderer/ ('${specifier}')`;
    }
  }
  return null;
}

function engineFolder(file) {
  return path.relative(path.join(ROOT, 'electron'), file).split(path.sep)[0];
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep the process boundaries of DESIGN.md' },
    schema: [],
    messages: { boundary: '{{why}}' },
  },
  create(context) {
    const file = context.filename;
    function check(node, source) {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const why = violation(file, source.value);
      if (why) context.report({ node, messageId: 'boundary', data: { why } });
    }
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node, node.arguments[0]);
      },
    };
  },
};

export default { meta: { name: 'poplar' }, rules: { boundaries: rule } };
