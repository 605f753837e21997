'use strict';
// The driver of the Node SDK, @signalwire/compatibility-api: one JSON command a line on stdin,
// one JSON answer a line on stdout, as sdks/PROTOCOL.md says. Its packages live outside the
// repository (.sdk-envs/signalwire-node/node_modules, found through NODE_PATH).

const fs = require('fs');
const path = require('path');
const readline = require('readline');

// Only protocol lines go to stdout; whatever the SDK logs goes to stderr.
const protocolOut = process.stdout;
console.log = console.error;
console.info = console.error;

const PACKAGE = '@signalwire/compatibility-api';

function fail(message) {
  process.stderr.write(`driver.js: ${message}\n`);
  process.exit(2);
}

function makeClient(baseUrl, projectId, apiToken) {
  const { RestClient } = require(PACKAGE);
  // The SDK needs a space (else it reads SIGNALWIRE_SPACE_URL) and makes its URL https; the
  // API's base URL is then set as given.
  const client = RestClient(projectId, apiToken, { signalwireSpaceUrl: new URL(baseUrl).host });
  client.api.baseUrl = `${baseUrl}/api/laml`;
  return client;
}

function encode(value) {
  if (value === null) {
    return null;
  }
  if (value === undefined) {
    // What the SDK gives for a field the answer lacked: not the same as a null in the answer.
    return { $repr: 'undefined', $type: 'undefined' };
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      return { $repr: String(value), $type: 'Date' };
    }
    return { $datetime: value.toISOString() };
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : { $repr: String(value), $type: 'number' };
  }
  if (typeof value === 'string' || typeof value === 'boolean') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map(encode);
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  }
  const type = value && value.constructor ? value.constructor.name : typeof value;
  return { $repr: String(value), $type: type };
}

// Every public (no leading underscore), non-function property the SDK's instance has.
function publicAttributes(instance) {
  const attributes = {};
  for (const name of Object.keys(instance).sort()) {
    const value = instance[name];
    if (name.startsWith('_') || typeof value === 'function') {
      continue;
    }
    attributes[name] = encode(value);
  }
  return attributes;
}

// The package's "exports" hide its package.json, so it is read from beside its entry point.
function packageVersion() {
  let folder = path.dirname(require.resolve(PACKAGE));
  while (!fs.existsSync(path.join(folder, 'package.json'))) {
    folder = path.dirname(folder);
  }
  return JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')).version;
}

function errorOf(err) {
  const type = err && err.constructor ? err.constructor.name : typeof err;
  return {
    type,
    status: Number.isInteger(err && err.status) ? err.status : null,
    code: Number.isInteger(err && err.code) ? err.code : null,
    message: err && typeof err.message === 'string' ? err.message : String(err),
  };
}

class ProtocolError extends Error {}

function field(command, name, kind) {
  const value = command[name];
  const ok = kind === 'object'
    ? value !== null && typeof value === 'object' && !Array.isArray(value)
    : typeof value === kind;
  if (!ok) {
    throw new ProtocolError(`\`${command.op}\` needs '${name}' as a ${kind}`);
  }
  return value;
}

function carryOut(client, command) {
  switch (command.op) {
    case 'create':
      return client.calls(field(command, 'call_sid', 'string'))
        .recordings.create(field(command, 'params', 'object'));
    case 'fetch':
      return client.recordings(field(command, 'sid', 'string')).fetch();
    case 'update':
      return client.calls(field(command, 'call_sid', 'string'))
        .recordings(field(command, 'sid', 'string'))
        .update(field(command, 'params', 'object'));
    default:
      throw new ProtocolError(
        `unknown op ${JSON.stringify(command.op)}; the ops are create, fetch, update and quit`);
  }
}

function protocolError(id, message) {
  return { id, ok: false, error: { type: 'ProtocolError', status: null, code: null, message } };
}

async function answer(line, client) {
  let command;
  try {
    command = JSON.parse(line);
  } catch (err) {
    return [protocolError(null, `the line is not JSON: ${err.message}`), true];
  }
  if (command === null || typeof command !== 'object' || Array.isArray(command)) {
    return [protocolError(null, 'a command is a JSON object'), true];
  }
  const id = command.id === undefined ? null : command.id;
  if (command.op === 'quit') {
    return [{ id, ok: true }, false];
  }
  try {
    const instance = await carryOut(client, command);
    return [{ id, ok: true, object: publicAttributes(instance) }, true];
  } catch (err) {
    if (err instanceof ProtocolError) {
      return [protocolError(id, err.message), true];
    }
    return [{ id, ok: false, error: errorOf(err) }, true];
  }
}

function write(message) {
  protocolOut.write(JSON.stringify(message) + '\n');
}

async function main() {
  for (const name of ['SDK_BASE_URL', 'SDK_PROJECT_ID', 'SDK_API_TOKEN']) {
    if (!process.env[name]) {
      fail(`the environment variable '${name}' is not set`);
    }
  }
  const baseUrl = process.env.SDK_BASE_URL.replace(/\/+$/, '');
  const client = makeClient(baseUrl, process.env.SDK_PROJECT_ID, process.env.SDK_API_TOKEN);
  const version = packageVersion();
  write({ ready: true, sdk: 'signalwire-node', version, runtime: `Node.js ${process.version}` });
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  // One command at a time, in order: the next line is read only after this one is answered.
  for await (const line of lines) {
    if (!line.trim()) {
      continue;
    }
    const [message, goOn] = await answer(line, client);
    write(message);
    if (!goOn) {
      break;
    }
  }
  lines.close();
}

main().catch((err) => fail(err && err.stack ? err.stack : String(err)));
