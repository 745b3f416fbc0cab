'use strict';
/**
 * Code node sandbox process. Started by server/sandbox/pool.ts with Node's permission model (reads of this file
 * and the few packages below only; no writes, child processes, workers or addons), an empty environment and a
 * heap limit. Runs one request at a time inside ONE vm2 VM whose intrinsics are frozen and whose globals are
 * restored after every run.
 *
 * Protocol (stdin/stdout): frames of u32 header length, u32 body length (big-endian), header JSON, body text.
 *   parent -> child: { t: 'run', id, code, mode } + body: JSON text of { items, scope }
 *                    { t: 'ping', id }
 *   child -> parent: { t: 'ready' } once, then per request
 *                    { t: 'done', id, ok: true } + body: JSON text of { value, logs }
 *                    { t: 'done', id, ok: false, error: { kind, message, line }, logs }
 *                    { t: 'pong', id }
 * Config (argv[2], JSON): { luxonPath, allowModules: string[], maxOutputBytes, maxLogBytes }.
 */
const { VM, VMScript } = require('vm2');
const fs = require('fs');
const crypto = require('crypto');

const config = JSON.parse(process.argv[2] || '{}');
const maxOutputBytes = Number(config.maxOutputBytes) || 16 * 1024 * 1024;
const maxLogBytes = Number(config.maxLogBytes) || 64 * 1024;
const allowModules = new Set(Array.isArray(config.allowModules) ? config.allowModules : []);

const cryptoFacade = Object.freeze({
  createHash: (algorithm) => {
    const hash = crypto.createHash(String(algorithm));
    const facade = {
      update(data, encoding) { hash.update(typeof data === 'string' ? data : String(data), encoding); return facade; },
      digest(encoding) { return hash.digest(encoding === undefined ? 'hex' : String(encoding)); },
    };
    return facade;
  },
  createHmac: (algorithm, key) => {
    const hmac = crypto.createHmac(String(algorithm), String(key));
    const facade = {
      update(data, encoding) { hmac.update(typeof data === 'string' ? data : String(data), encoding); return facade; },
      digest(encoding) { return hmac.digest(encoding === undefined ? 'hex' : String(encoding)); },
    };
    return facade;
  },
  randomUUID: () => crypto.randomUUID(),
});

const vm = new VM({ eval: false, wasm: false, allowAsync: true, sandbox: {} });
const luxonSource = config.luxonPath ? fs.readFileSync(config.luxonPath, 'utf8') : '';

// Realm-side runtime: luxon, console capture, run/cleanup. Receives the host crypto facade (bridged by vm2).
const setup = vm.run(new VMScript(`(function (cryptoFacade, allowCrypto, allowLuxon) {
  'use strict';
  const module = { exports: {} };
  ${luxonSource ? `(function (exports, module) {\n${luxonSource}\n})(module.exports, module);` : ''}
  const luxon = module.exports;
  const parse = JSON.parse, stringify = JSON.stringify, StringCtor = String, freeze = Object.freeze;
  const maxLog = ${maxLogBytes}, maxOutput = ${maxOutputBytes};
  let logs = [], logBytes = 0;
  function format(value) {
    if (typeof value === 'string') return value;
    if (value instanceof Error) return StringCtor(value.name) + ': ' + StringCtor(value.message);
    try { const s = stringify(value); return s === undefined ? StringCtor(value) : s; } catch (_) { return StringCtor(value); }
  }
  function log(...args) {
    if (logBytes > maxLog) return;
    let line = args.map(format).join(' ');
    logBytes += line.length;
    if (logBytes > maxLog) line = line.slice(0, Math.max(0, maxLog - (logBytes - line.length))) + ' [logs truncated]';
    logs.push(line);
  }
  const userConsole = freeze({ log, info: log, warn: log, error: log, debug: log });
  function requireModule(name) {
    name = StringCtor(name);
    if (name === 'luxon' && allowLuxon) return luxon;
    if ((name === 'crypto' || name === 'node:crypto') && allowCrypto) return cryptoFacade;
    throw new Error('require(' + stringify(name) + ') is not allowed in the code node');
  }
  function makeNode(nodes) {
    return function $node(id) {
      const items = nodes[StringCtor(id)];
      if (items === undefined) throw new Error('node "' + StringCtor(id) + '" has no output in this execution');
      return freeze({ all: () => items, first: () => items[0], item: undefined });
    };
  }
  // The user's line: the first stack frame in code.js (read through a temporary prepareStackTrace).
  function lineOf(error) {
    const saved = Error.prepareStackTrace;
    try {
      Error.prepareStackTrace = (e, sites) => {
        for (const site of sites) if (site.getFileName() === 'code.js') return site.getLineNumber();
        return null;
      };
      const line = error.stack;
      return typeof line === 'number' ? line : null;
    } catch (_) { return null; } finally { Error.prepareStackTrace = saved; }
  }
  function describe(error) {
    try {
      if (error instanceof Error) return { name: StringCtor(error.name), message: StringCtor(error.message), line: lineOf(error) };
      return { name: 'Error', message: 'threw ' + format(error), line: null };
    } catch (_) { return { name: 'Error', message: 'threw a value that cannot be described', line: null }; }
  }
  async function run(fn, mode, payloadJson) {
    logs = []; logBytes = 0;
    try {
      const payload = parse(payloadJson);
      const scope = payload.scope;
      const items = payload.items;
      const now = luxon.DateTime ? luxon.DateTime.now() : undefined;
      const value = await fn(mode === 'allItems' ? items : undefined, mode === 'perItem' ? items[0] : undefined,
        makeNode(scope.nodes || {}), scope.execution, scope.workflow, scope.vars, now, userConsole, requireModule,
        luxon.DateTime, luxon.Duration, luxon.Interval);
      const out = stringify({ value: value === undefined ? null : value, logs });
      if (out.length > maxOutput) return { ok: false, error: { name: 'OutputTooLarge', message: 'output too large', line: null }, logs: '[]' };
      return { ok: true, out };
    } catch (error) {
      return { ok: false, error: describe(error), logs: stringify(logs) };
    }
  }
  return run;
})`, 'runtime.js'))(cryptoFacade, allowModules.has('crypto'), allowModules.has('luxon'));

// Freeze every intrinsic reachable from the VM's global, then remember the globals to restore after each run.
const restoreGlobals = vm.run(new VMScript(`(function () {
  'use strict';
  const g = globalThis, seen = new Set(), stack = [g];
  // Override taming: frozen prototype members become accessors whose setter defines an own property on the
  // receiver, so \`this.name = ...\` in an Error subclass or \`obj.toString = ...\` keep working.
  function tame(proto, keys) {
    for (const key of keys || Reflect.ownKeys(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, key);
      if (d === undefined || !('value' in d) || !d.configurable) continue;
      const value = d.value;
      Object.defineProperty(proto, key, {
        get() { return value; },
        set(next) {
          if (this === proto) throw new TypeError('Cannot assign to read only property ' + String(key));
          Object.defineProperty(this, key, { value: next, writable: true, enumerable: true, configurable: true });
        },
        enumerable: d.enumerable, configurable: false,
      });
    }
  }
  tame(Object.prototype);
  tame(Function.prototype, ['constructor', 'toString', 'name']);
  for (const E of [Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError, AggregateError]) tame(E.prototype);
  tame(Array.prototype, ['constructor', 'toString']);
  tame(Promise.prototype, ['constructor', 'then', 'catch', 'finally']);
  const originalPrepareStackTrace = Error.prepareStackTrace;
  stack.push(Object.getPrototypeOf(function* () {}), Object.getPrototypeOf(async function () {}),
    Object.getPrototypeOf(async function* () {}), Object.getPrototypeOf([][Symbol.iterator]()),
    Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())), Promise);
  while (stack.length > 0) {
    const value = stack.pop();
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) continue;
    seen.add(value);
    stack.push(Object.getPrototypeOf(value));
    for (const key of Reflect.ownKeys(value)) {
      const d = Object.getOwnPropertyDescriptor(value, key);
      if (d === undefined) continue;
      if ('value' in d) stack.push(d.value); else { stack.push(d.get); stack.push(d.set); }
    }
    if (value !== g) { try { Object.freeze(value); } catch (_) {} }
  }
  const saved = new Map();
  for (const key of Reflect.ownKeys(g)) saved.set(key, Object.getOwnPropertyDescriptor(g, key));
  return function restore() {
    if (Error.prepareStackTrace !== originalPrepareStackTrace) Error.prepareStackTrace = originalPrepareStackTrace;
    for (const key of Reflect.ownKeys(g)) if (!saved.has(key)) { try { delete g[key]; } catch (_) {} }
    for (const [key, d] of saved) {
      const now = Object.getOwnPropertyDescriptor(g, key);
      if (now === undefined || now.value !== d.value || now.get !== d.get || now.set !== d.set) {
        try { Object.defineProperty(g, key, d); } catch (_) {}
      }
    }
  };
})()`, 'lockdown.js'));

const PARAMS = '$input, $json, $node, $execution, $workflow, $vars, $now, console, require, DateTime, Duration, Interval';
const compiled = new Map();
function compile(code) {
  let fn = compiled.get(code);
  if (fn !== undefined) return fn;
  // User code is the body of an inner async arrow, so it may redeclare scope names (const { DateTime } = ...).
  fn = vm.run(new VMScript(`(async function (${PARAMS}) { 'use strict'; return (async () => {\n${code}\n})(); })`, { filename: 'code.js', lineOffset: -1 }));
  if (compiled.size > 200) compiled.delete(compiled.keys().next().value);
  compiled.set(code, fn);
  return fn;
}

// Frame: u32 header length, u32 body length, header JSON, body (UTF-8 text, may be empty).
function send(message, body) {
  const head = Buffer.from(JSON.stringify(message), 'utf8');
  const text = body === undefined ? Buffer.alloc(0) : Buffer.from(body, 'utf8');
  const prefix = Buffer.allocUnsafe(8);
  prefix.writeUInt32BE(head.length, 0);
  prefix.writeUInt32BE(text.length, 4);
  process.stdout.write(prefix);
  process.stdout.write(head);
  if (text.length > 0) process.stdout.write(text);
}

function classify(error) {
  if (/Invalid (string|array|typed array) length|allocation failed|Array buffer allocation/i.test(error.message)) return 'memory';
  return 'error';
}

async function handleRun(message, body) {
  let result;
  try {
    const fn = compile(message.code);
    result = await setup(fn, message.mode, body);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const line = /code\.js:(\d+)/.exec(String(e.stack || ''));
    result = { ok: false, error: { name: e.name, message: e.message, line: line ? Number(line[1]) : null }, logs: '[]' };
  }
  restoreGlobals();
  if (result.ok) {
    const out = result.out;
    if (Buffer.byteLength(out, 'utf8') > maxOutputBytes) {
      send({ t: 'done', id: message.id, ok: false, error: { kind: 'output', message: `output is larger than ${maxOutputBytes} bytes` }, logs: '[]' });
      return;
    }
    send({ t: 'done', id: message.id, ok: true }, out);
    return;
  }
  const { name, message: text, line } = result.error;
  const kind = name === 'OutputTooLarge' ? 'output' : classify(result.error);
  const full = name && name !== 'Error' ? `${name}: ${text}` : text;
  send({ t: 'done', id: message.id, ok: false, error: { kind, message: full, ...(typeof line === 'number' && { line }) }, logs: result.logs });
}

let buffer = Buffer.alloc(0);
let chain = Promise.resolve();
process.stdin.on('data', (chunk) => {
  buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
  while (buffer.length >= 8) {
    const headLength = buffer.readUInt32BE(0);
    const bodyLength = buffer.readUInt32BE(4);
    if (buffer.length < 8 + headLength + bodyLength) break;
    const message = JSON.parse(buffer.subarray(8, 8 + headLength).toString('utf8'));
    const body = buffer.subarray(8 + headLength, 8 + headLength + bodyLength).toString('utf8');
    buffer = buffer.subarray(8 + headLength + bodyLength);
    if (message.t === 'ping') send({ t: 'pong', id: message.id });
    else if (message.t === 'run') chain = chain.then(() => handleRun(message, body));
  }
});
process.stdin.on('end', () => process.exit(0));
send({ t: 'ready' });
