// The process boundaries of DESIGN.md as one ESLint rule ("poplar/boundaries").
//
//   shared/               the contract: no Node, no Electron, no DOM-only code of ours
//   renderer/             browser code: may import shared/ and npm packages, never Node or electron/
//   electron/main|preload the only places that may import the `electron` package
//   electron/* (others)   plain Node 24: anything but `electron`
//
// Inside electron/, each folder may import only the folders its row of ALLOWED_IMPORTS names
// (and shared/, and npm packages). It checks static imports, re-exports, dynamic import() with
// a literal and require() with a literal, and resolves relative specifiers so that
// `../../electron/pop3/x.ts` from renderer/ is caught as well as a bare `electron`.
import { isBuiltin } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * What each folder of electron/ may import from electron/, lowest layer first: the engine's order
 * is pop3 → store → sync → diagnostics → engine → main / host / cli. shared/ and npm packages are
 * always allowed; tests and their fixtures are not bound by the table (see isTestFile).
 */
export const ALLOWED_IMPORTS = {
  // Secret and the secret stores: the lowest layer, so that whoever holds a password (pop3 and
  // up) takes it from one place, and a secret never depends on what uses it.
  secrets: [],
  // The one TLS trust rule (CA file, pinned fingerprint, checked at secureConnect): POP3 and SMTP
  // must trust exactly the same certificates, so it depends on neither.
  tls: [],
  // The POP3 client: credentials arrive as Secrets; it knows nothing of storage, schedule or MIME.
  pop3: ['secrets', 'tls'],
  // The SMTP submission client (nodemailer): the password arrives as a Secret, and certificates are
  // judged by tls's rule; it knows nothing of POP3, the store or the outbox that will drive it.
  smtp: ['secrets', 'tls'],
  // MIME analysis: pure functions over a message's bytes, usable by the store, the demo and the CLI.
  mime: [],
  // SQLite and the message files: keeps what pop3 received (transcripts, body streams) and mime parsed.
  store: ['secrets', 'pop3', 'mime'],
  // The full MIME analysis after a commit, in worker threads: mime's parser writing into the store.
  analysis: ['mime', 'store'],
  // One POP3 session per check, and the scheduler: drives pop3 into the store, and tells the analysis.
  sync: ['secrets', 'pop3', 'mime', 'store', 'analysis'],
  // Explains the recorded sessions, with the schedule's own answer from sync.
  diagnostics: ['secrets', 'pop3', 'mime', 'store', 'sync'],
  // The POP3 server of the demo and of the tests: it may share pop3's limits, never a client's state.
  'pop3-server': ['pop3'],
  // The built-in demo mailbox: a pop3-server with content made by mime, its account in the store.
  demo: ['secrets', 'pop3-server', 'mime', 'store'],
  // The engine assembles the layers below into one typed service (engine/boot.ts).
  // tls and smtp: the outgoing server's "Test connection" and, later, the outbox's sender.
  engine: ['secrets', 'tls', 'pop3', 'smtp', 'mime', 'store', 'analysis', 'sync', 'diagnostics', 'demo'],
  // What the app's protocol and the browser-mode host both serve (CSP, mail parts), over the engine.
  serving: ['engine'],
  // The desktop app boots the engine and wires IPC: never the CLI, the browser host, or the
  // engine's insides (boot.ts gives it the lock folder and the stop bound).
  main: ['secrets', 'engine', 'serving'],
  // The preload runs in the window's process: it passes the contract of shared/, nothing else.
  preload: [],
  // The browser-mode transport: the same engine as main's IPC, behind HTTP and a WebSocket.
  host: ['engine', 'serving'],
  // The command line, at the top: probe speaks POP3 itself, sync and watch drive the store and the
  // scheduler, serve runs the host. Never main (it needs Electron).
  // `probe --smtp` speaks SMTP itself, as probe does POP3.
  cli: ['secrets', 'tls', 'pop3', 'smtp', 'mime', 'store', 'analysis', 'sync', 'diagnostics', 'engine', 'serving', 'host'],
};

function relative(file, root) {
  return path.relative(root, file).split(path.sep).join('/');
}

/** Which layer a file (absolute path) belongs to, or null when the rule does not apply. */
export function layerOf(file, root = ROOT) {
  const rel = relative(file, root);
  if (rel.startsWith('..')) return null;
  if (rel.startsWith('shared/')) return 'shared';
  if (rel.startsWith('renderer/')) return 'renderer';
  if (rel.startsWith('electron/main/') || rel.startsWith('electron/preload/')) return 'electron-shell';
  if (rel.startsWith('electron/')) return 'engine';
  return null;
}

/**
 * A test drives its folder from outside (a client against the server, a sync over a store), so
 * tests and their fixtures may import any folder of electron/; the table is about what ships.
 */
function isTestFile(file, root) {
  return /\.test\.tsx?$/.test(file) || relative(file, root).split('/').includes('fixtures');
}

/** Why `specifier`, imported from `file`, breaks a boundary; null when it is allowed. */
export function violation(file, specifier, root = ROOT) {
  const layer = layerOf(file, root);
  if (layer === null) return null;
  const isElectronPackage = specifier === 'electron' || specifier.startsWith('electron/');
  if (isElectronPackage) {
    if (layer === 'electron-shell') return null;
    const who = layer === 'engine' ? `electron/${engineFolder(file, root)}` : layer;
    return `${who}/ must not import the 'electron' package; only electron/main and electron/preload may`;
  }
  if (layer === 'engine' || layer === 'electron-shell') return folderViolation(file, specifier, root);
  // shared/ and renderer/ run in the browser sandbox (and shared/ in both worlds).
  if (specifier.startsWith('node:') || isBuiltin(specifier)) {
    return `${layer}/ must not import the Node module '${specifier}'; it runs without Node`;
  }
  if (specifier.startsWith('.')) {
    const target = layerOf(path.resolve(path.dirname(file), specifier), root);
    if (target === 'engine' || target === 'electron-shell') {
      return `${layer}/ must not import from electron/ ('${specifier}'); use the API in shared/`;
    }
    if (layer === 'shared' && target === 'renderer') {
      return `shared/ must not import from renderer/ ('${specifier}')`;
    }
  }
  return null;
}

/** An import between folders of electron/ that ALLOWED_IMPORTS does not allow. */
function folderViolation(file, specifier, root) {
  if (!specifier.startsWith('.') || isTestFile(file, root)) return null;
  const from = engineFolder(file, root);
  const target = relative(path.resolve(path.dirname(file), specifier), root);
  if (!target.startsWith('electron/')) return null;
  const [folder, ...rest] = target.slice('electron/'.length).split('/');
  if (folder === from || folder === undefined || rest.length === 0) return null;
  const allowed = ALLOWED_IMPORTS[from];
  if (allowed === undefined) {
    return `electron/${from} has no row in ALLOWED_IMPORTS (tools/eslint-boundaries.js): add one saying what it may import`;
  }
  if (allowed.includes(folder)) return null;
  return `electron/${from} must not import electron/${folder} (allowed: ${allowed.length > 0 ? allowed.join(', ') : 'shared/ only'})`;
}

function engineFolder(file, root) {
  return path.relative(path.join(root, 'electron'), file).split(path.sep)[0];
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep the process boundaries of DESIGN.md' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string', description: 'The folder that holds electron/, renderer/ and shared/ (tests lint a planted tree)' },
        },
        additionalProperties: false,
      },
    ],
    messages: { boundary: '{{why}}' },
  },
  create(context) {
    const file = context.filename;
    const root = context.options[0]?.root ?? ROOT;
    function check(node, source) {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const why = violation(file, source.value, root);
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
