#!/usr/bin/env node
// A Recommender client on @grpc/grpc-js: @grpc/proto-loader compiles protos/ when the client starts
// (grpc-js's usual way; nothing is generated into the tree). Records a user's events, reads the
// user's interests and gets recommendations with reasons through the gateway, with the API key and a
// deadline on every call, retrying RESOURCE_EXHAUSTED and UNAVAILABLE with exponential backoff.
// Prints what it got as one JSON object (the same shape from the Python and Go clients).
//
//   node client.js --target 127.0.0.1:8081 --api-key demo-write-key --user user-0001 --items item-00001,item-00002
'use strict';
const path = require('path');
const { parseArgs } = require('util');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const { values: args } = parseArgs({
  options: {
    target: { type: 'string', default: '127.0.0.1:8081' },
    'api-key': { type: 'string' },
    user: { type: 'string' },
    items: { type: 'string' },
    k: { type: 'string', default: '5' },
    'deadline-ms': { type: 'string', default: '5000' },
    attempts: { type: 'string', default: '6' },
    'backoff-ms': { type: 'string', default: '200' },
  },
});
for (const required of ['api-key', 'user', 'items']) {
  if (!args[required]) fail(new Error(`--${required} is required`));
}

const protos = path.resolve(__dirname, '../../../protos');
const definition = protoLoader.loadSync(path.join(protos, 'recsys/v1/recommender.proto'), {
  includeDirs: [protos], keepCase: false, longs: Number, enums: String, defaults: true,
});
const { Recommender } = grpc.loadPackageDefinition(definition).recsys.v1;
const client = new Recommender(args.target, grpc.credentials.createInsecure());
const RETRYABLE = new Set([grpc.status.RESOURCE_EXHAUSTED, grpc.status.UNAVAILABLE]);
const ACTIONS = ['ACTION_VIEW', 'ACTION_CLICK', 'ACTION_PURCHASE'];
let retries = 0;

// One RPC with the key and a fresh deadline per attempt, retrying the retryable codes.
async function call(method, request) {
  const attempts = Number(args.attempts);
  for (let attempt = 1; ; attempt++) {
    try {
      return await new Promise((resolve, reject) => {
        const metadata = new grpc.Metadata();
        metadata.set('x-api-key', args['api-key']);
        client[method](request, metadata, { deadline: Date.now() + Number(args['deadline-ms']) },
          (error, response) => (error ? reject(error) : resolve(response)));
      });
    } catch (error) {
      if (!RETRYABLE.has(error.code) || attempt === attempts) throw error;
      retries++;
      await new Promise((resolve) => setTimeout(resolve, Number(args['backoff-ms']) * 2 ** (attempt - 1)));
    }
  }
}

async function main() {
  const items = args.items.split(',');
  const now = Math.floor(Date.now() / 1000);
  // The event id makes a retried RecordEvents safe: the gateway counts an id once.
  const events = items.map((item, i) => ({
    eventId: `${args.user}-${i}`, userId: args.user, itemId: item, action: ACTIONS[i % ACTIONS.length],
    timestamp: { seconds: now - 60 * (items.length - i), nanos: 0 },
  }));
  const recorded = await call('recordEvents', { events });
  const profile = await call('getInterests', { userId: args.user });
  const answer = await call('recommend', { userId: args.user, k: Number(args.k) });
  console.log(JSON.stringify({
    language: 'node',
    user: args.user,
    recorded: { accepted: recorded.accepted, duplicates: recorded.duplicates },
    eventCount: profile.eventCount,
    interests: profile.topInterests.map((i) => ({ category: i.categoryPath, probability: i.probability })),
    recommendations: answer.items.map((r) => ({ itemId: r.item.id, title: r.item.title, score: r.score, reason: r.reason.text })),
    retries,
  }));
  client.close();
}

function fail(error) {
  console.error(`recommender_client: ${error.message}`);
  process.exit(1);
}

main().catch(fail);
