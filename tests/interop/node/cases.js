'use strict';
// The standard cases of gRPC's interop test descriptions, against grpc.testing.TestService.

const grpc = require('@grpc/grpc-js');
const { StreamReader, deadline, expect, expectError, unary } = require('./common');

const ECHO_INITIAL_KEY = 'x-grpc-test-echo-initial';
const ECHO_INITIAL_VALUE = 'test_initial_metadata_value';
const ECHO_TRAILING_KEY = 'x-grpc-test-echo-trailing-bin';
const ECHO_TRAILING_VALUE = Buffer.from([0xab, 0xab, 0xab]);
const SPECIAL_MESSAGE = '\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \u{1f608}\t\n';

// [request payload size, response size] for each ping_pong round
const PING_PONG_SIZES = [[27182, 31415], [8, 9], [1828, 2653], [45904, 58979]];

const payload = (size) => ({ body: Buffer.alloc(size) });

function streamingRequest(responseSizes, payloadSize = 0, responseStatus = null) {
  const request = { response_parameters: responseSizes.map((size) => ({ size })), payload: payload(payloadSize) };
  if (responseStatus) request.response_status = responseStatus;
  return request;
}

function expectZeros(message, size, what) {
  const body = message && message.payload && message.payload.body;
  expect(Buffer.isBuffer(body), `${what}: response has no payload body`);
  expect(body.length === size, `${what}: payload is ${body.length} bytes, expected ${size}`);
  expect(body.equals(Buffer.alloc(size)), `${what}: payload is not all zeros`);
}

async function expectChannelStillWorks(ctx, after) {
  const { error } = await unary(ctx.testService(), 'EmptyCall', {});
  expect(!error, `EmptyCall after ${after} failed: ${error && error.message}`);
}

async function emptyUnary(ctx) {
  const { error, response } = await unary(ctx.testService(), 'EmptyCall', {});
  expect(!error, `EmptyCall: ${error && error.message}`);
  expect(response && typeof response === 'object', 'EmptyCall returned no message');
}

async function largeUnary(ctx) {
  const { error, response } = await unary(ctx.testService(), 'UnaryCall', { response_size: 314159, payload: payload(271828) });
  expect(!error, `UnaryCall: ${error && error.message}`);
  expectZeros(response, 314159, 'UnaryCall');
}

async function clientStreaming(ctx) {
  const result = await new Promise((resolve) => {
    const call = ctx.testService().StreamingInputCall((error, response) => resolve({ error, response }));
    for (const size of [27182, 8, 1828, 45904]) call.write({ payload: payload(size) });
    call.end();
  });
  expect(!result.error, `StreamingInputCall: ${result.error && result.error.message}`);
  expect(result.response.aggregated_payload_size === 74922,
    `aggregated_payload_size is ${result.response.aggregated_payload_size}, expected 74922`);
}

async function serverStreaming(ctx) {
  const sizes = [31415, 9, 2653, 58979];
  const reader = new StreamReader(ctx.testService().StreamingOutputCall(streamingRequest(sizes)));
  const { messages, error } = await reader.drain();
  expect(!error, `StreamingOutputCall: ${error && error.message}`);
  expect(messages.length === sizes.length, `got ${messages.length} responses, expected ${sizes.length}`);
  messages.forEach((message, i) => expectZeros(message, sizes[i], `response ${i}`));
}

async function pingPong(ctx) {
  const call = ctx.testService().FullDuplexCall();
  const reader = new StreamReader(call);
  for (const [i, [requestSize, responseSize]] of PING_PONG_SIZES.entries()) {
    call.write(streamingRequest([responseSize], requestSize));
    const item = await reader.next();
    expect(!item.done, `stream ended before response ${i}: ${item.error && item.error.message}`);
    expectZeros(item.message, responseSize, `response ${i}`);
  }
  call.end();
  const { messages, error } = await reader.drain();
  expect(!error, `FullDuplexCall: ${error && error.message}`);
  expect(messages.length === 0, `got ${messages.length} responses after the last ping`);
}

async function emptyStream(ctx) {
  const call = ctx.testService().FullDuplexCall();
  const reader = new StreamReader(call);
  call.end();
  const { messages, error } = await reader.drain();
  expect(!error, `FullDuplexCall: ${error && error.message}`);
  expect(messages.length === 0, `got ${messages.length} responses, expected none`);
}

async function expectEchoedStatus(ctx, message) {
  const responseStatus = { code: grpc.status.UNKNOWN, message };
  const { error } = await unary(ctx.testService(), 'UnaryCall', { response_status: responseStatus });
  expectError(error, grpc.status.UNKNOWN, 'UnaryCall');
  expect(error.details === message, `UnaryCall status message is ${JSON.stringify(error.details)}, expected ${JSON.stringify(message)}`);

  const call = ctx.testService().FullDuplexCall();
  const reader = new StreamReader(call);
  call.write(streamingRequest([], 0, responseStatus));
  call.end();
  const { error: streamError } = await reader.drain();
  expectError(streamError, grpc.status.UNKNOWN, 'FullDuplexCall');
  expect(streamError.details === message,
    `FullDuplexCall status message is ${JSON.stringify(streamError.details)}, expected ${JSON.stringify(message)}`);
}

const statusCodeAndMessage = (ctx) => expectEchoedStatus(ctx, 'test status message');
const specialStatusMessage = (ctx) => expectEchoedStatus(ctx, SPECIAL_MESSAGE);

function echoMetadata() {
  const metadata = new grpc.Metadata();
  metadata.add(ECHO_INITIAL_KEY, ECHO_INITIAL_VALUE);
  metadata.add(ECHO_TRAILING_KEY, ECHO_TRAILING_VALUE);
  return metadata;
}

function expectEchoedMetadata(header, trailer, what) {
  const initial = header ? header.get(ECHO_INITIAL_KEY) : [];
  expect(initial.length === 1 && initial[0] === ECHO_INITIAL_VALUE,
    `${what}: initial metadata ${ECHO_INITIAL_KEY} is ${JSON.stringify(initial)}, expected ["${ECHO_INITIAL_VALUE}"]`);
  const trailing = trailer ? trailer.get(ECHO_TRAILING_KEY) : [];
  expect(trailing.length === 1 && Buffer.isBuffer(trailing[0]) && trailing[0].equals(ECHO_TRAILING_VALUE),
    `${what}: trailing metadata ${ECHO_TRAILING_KEY} is ${JSON.stringify(trailing)}, expected [0xababab]`);
}

async function customMetadata(ctx) {
  const result = await unary(ctx.testService(), 'UnaryCall', { response_size: 314159, payload: payload(271828) }, echoMetadata());
  expect(!result.error, `UnaryCall: ${result.error && result.error.message}`);
  expectZeros(result.response, 314159, 'UnaryCall');
  expectEchoedMetadata(result.header, result.status.metadata, 'UnaryCall');

  const call = ctx.testService().FullDuplexCall(echoMetadata());
  const reader = new StreamReader(call);
  call.write(streamingRequest([314159], 271828));
  call.end();
  const { messages, error } = await reader.drain();
  expect(!error, `FullDuplexCall: ${error && error.message}`);
  expect(messages.length === 1, `FullDuplexCall: got ${messages.length} responses, expected 1`);
  expectZeros(messages[0], 314159, 'FullDuplexCall');
  expectEchoedMetadata(reader.header, (await reader.finalStatus()).metadata, 'FullDuplexCall');
}

async function unimplementedMethod(ctx) {
  const { error } = await unary(ctx.testService(), 'UnimplementedCall', {});
  expectError(error, grpc.status.UNIMPLEMENTED, 'TestService/UnimplementedCall');
}

async function unimplementedService(ctx) {
  const { error } = await unary(ctx.client(ctx.pb.testing.UnimplementedService), 'UnimplementedCall', {});
  expectError(error, grpc.status.UNIMPLEMENTED, 'UnimplementedService/UnimplementedCall');
}

async function timeoutOnSleepingServer(ctx) {
  const call = ctx.testService().FullDuplexCall({ deadline: deadline(1) });
  const reader = new StreamReader(call);
  call.write({ payload: payload(27182) });
  const { error } = await reader.drain();
  expectError(error, grpc.status.DEADLINE_EXCEEDED, 'FullDuplexCall with 1 ms deadline');
  await expectChannelStillWorks(ctx, 'the expired call');
}

async function cancelAfterBegin(ctx) {
  const error = await new Promise((resolve) => {
    const call = ctx.testService().StreamingInputCall((err) => resolve(err));
    call.cancel();
  });
  expectError(error, grpc.status.CANCELLED, 'StreamingInputCall after cancel');
  await expectChannelStillWorks(ctx, 'the cancelled call');
}

async function cancelAfterFirstResponse(ctx) {
  const call = ctx.testService().FullDuplexCall();
  const reader = new StreamReader(call);
  call.write(streamingRequest([31415], 27182));
  const first = await reader.next();
  expect(!first.done, `stream ended before the first response: ${first.error && first.error.message}`);
  expectZeros(first.message, 31415, 'first response');
  call.cancel();
  const { error } = await reader.drain();
  expectError(error, grpc.status.CANCELLED, 'FullDuplexCall after cancel');
  await expectChannelStillWorks(ctx, 'the cancelled call');
}

module.exports = {
  empty_unary: emptyUnary,
  large_unary: largeUnary,
  client_streaming: clientStreaming,
  server_streaming: serverStreaming,
  ping_pong: pingPong,
  empty_stream: emptyStream,
  status_code_and_message: statusCodeAndMessage,
  special_status_message: specialStatusMessage,
  custom_metadata: customMetadata,
  unimplemented_method: unimplementedMethod,
  unimplemented_service: unimplementedService,
  timeout_on_sleeping_server: timeoutOnSleepingServer,
  cancel_after_begin: cancelAfterBegin,
  cancel_after_first_response: cancelAfterFirstResponse,
};
