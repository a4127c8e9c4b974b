'use strict';
// Our health cases: grpc.health.v1.Health Check and Watch, driven by XdsUpdateHealthService.

const grpc = require('@grpc/grpc-js');
const { StreamReader, deadline, expect, expectError, unary } = require('./common');

const TEST_SERVICE = 'grpc.testing.TestService';
const UNKNOWN_SERVICE = 'grpc.testing.NoSuchService';

async function check(health, service) {
  const { error, response } = await unary(health, 'Check', { service });
  return { error, status: response && response.status };
}

async function healthCheck(ctx) {
  const health = ctx.client(ctx.pb.health.v1.Health);
  for (const service of ['', TEST_SERVICE]) {
    const { error, status } = await check(health, service);
    expect(!error, `Check(${JSON.stringify(service)}): ${error && error.message}`);
    expect(status === 'SERVING', `Check(${JSON.stringify(service)}) is ${status}, expected SERVING`);
  }
  const { error } = await check(health, UNKNOWN_SERVICE);
  expectError(error, grpc.status.NOT_FOUND, `Check(${JSON.stringify(UNKNOWN_SERVICE)})`);
}

/** The next status on the Watch stream that differs from `previous` (repeats are allowed). */
async function nextChange(reader, previous, what) {
  for (;;) {
    const item = await reader.next();
    expect(!item.done, `Watch stream ended while waiting for ${what}: ${item.error && item.error.message}`);
    if (item.message.status !== previous) return item.message.status;
  }
}

async function setServing(xds, serving) {
  const { error } = await unary(xds, serving ? 'SetServing' : 'SetNotServing', {});
  expect(!error, `${serving ? 'SetServing' : 'SetNotServing'}: ${error && error.message}`);
}

async function healthWatch(ctx) {
  const health = ctx.client(ctx.pb.health.v1.Health);
  const xds = ctx.client(ctx.pb.testing.XdsUpdateHealthService);
  const watch = health.Watch({ service: '' }, { deadline: deadline() });
  const reader = new StreamReader(watch);
  try {
    const first = await reader.next();
    expect(!first.done, `Watch(""): ${first.error && first.error.message}`);
    expect(first.message.status === 'SERVING', `Watch("") starts with ${first.message.status}, expected SERVING`);

    await setServing(xds, false);
    let status = await nextChange(reader, 'SERVING', 'NOT_SERVING');
    expect(status === 'NOT_SERVING', `after SetNotServing Watch("") sent ${status}`);
    const checked = await check(health, TEST_SERVICE);
    expect(checked.status === 'NOT_SERVING',
      `after SetNotServing Check("${TEST_SERVICE}") is ${checked.status} (error ${checked.error && checked.error.message})`);

    await setServing(xds, true);
    status = await nextChange(reader, 'NOT_SERVING', 'SERVING');
    expect(status === 'SERVING', `after SetServing Watch("") sent ${status}`);
  } finally {
    watch.cancel();
    await unary(xds, 'SetServing', {});
  }

  const unknown = health.Watch({ service: UNKNOWN_SERVICE }, { deadline: deadline() });
  const unknownReader = new StreamReader(unknown);
  try {
    const first = await unknownReader.next();
    expect(!first.done, `Watch("${UNKNOWN_SERVICE}"): ${first.error && first.error.message}`);
    expect(first.message.status === 'SERVICE_UNKNOWN',
      `Watch("${UNKNOWN_SERVICE}") starts with ${first.message.status}, expected SERVICE_UNKNOWN`);
  } finally {
    unknown.cancel();
  }
}

module.exports = { health_check: healthCheck, health_watch: healthWatch };
