#!/usr/bin/env node
'use strict';
// Interop client on @grpc/grpc-js. Exit 0 when the case passes; otherwise one line
// "FAIL <case>: <reason>" on stderr and exit 1 (2 for bad arguments).

const { parseArgs } = require('util');
const grpc = require('@grpc/grpc-js');
const protos = require('./protos');

const CASES = { ...require('./cases'), ...require('./health'), ...require('./reflection') };

function usage(problem) {
  process.stderr.write(`${problem}\nusage: client.js --server_port=PORT --test_case=<${Object.keys(CASES).sort().join('|')}>`
    + ' [--server_host=HOST] [--server_host_override=AUTHORITY] (plaintext only)\n');
  process.exit(2);
}

function parse() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        server_host: { type: 'string', default: 'localhost' },
        server_host_override: { type: 'string' },
        server_port: { type: 'string' },
        test_case: { type: 'string' },
        use_tls: { type: 'string', default: 'false' },
      },
    }));
  } catch (e) {
    usage(e.message);
  }
  const port = Number(values.server_port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) usage(`--server_port must be 1..65535, got ${values.server_port}`);
  if (!CASES[values.test_case]) usage(`unknown --test_case ${values.test_case}`);
  if (values.use_tls !== 'false') usage('only plaintext is supported (--use_tls=false)');
  return { ...values, port };
}

let caseName = '';

async function main() {
  const args = parse();
  caseName = args.test_case;
  const address = args.server_host.includes(':') ? `[${args.server_host}]:${args.port}` : `${args.server_host}:${args.port}`;
  const credentials = grpc.credentials.createInsecure();
  const options = args.server_host_override ? { 'grpc.default_authority': args.server_host_override } : {};
  const channel = new grpc.Channel(address, credentials, options);
  const pb = protos.load();
  const clients = new Map();
  const ctx = {
    pb,
    client(Service) {
      if (!clients.has(Service)) clients.set(Service, new Service(address, credentials, { channelOverride: channel }));
      return clients.get(Service);
    },
    testService() { return this.client(pb.testing.TestService); },
  };
  try {
    await CASES[args.test_case](ctx);
  } finally {
    channel.close();
  }
  process.stdout.write(`PASS ${args.test_case}\n`);
}

// Exit explicitly: a case that failed half-way may leave a call open, which would keep Node alive.
main().then(() => process.exit(0), (e) => {
  process.stderr.write(`FAIL ${caseName}: ${String((e && e.message) || e).split(/\s+/).join(' ')}\n`);
  process.exit(1);
});
