'use strict';
// Our reflection cases (v1 and v1alpha): list services, file containing symbol, file by filename for
// every transitive import of test.proto, NOT_FOUND errors; the descriptors received must build a
// protobufjs Root (every type reference resolved) that describes TestService completely.

const grpc = require('@grpc/grpc-js');
const protobuf = require('protobufjs');
const descriptor = require('protobufjs/ext/descriptor');
const { StreamReader, deadline, expect } = require('./common');

const TEST_METHODS = {
  EmptyCall: ['grpc.testing.Empty', 'grpc.testing.Empty'],
  UnaryCall: ['grpc.testing.SimpleRequest', 'grpc.testing.SimpleResponse'],
  StreamingOutputCall: ['grpc.testing.StreamingOutputCallRequest', 'grpc.testing.StreamingOutputCallResponse'],
  StreamingInputCall: ['grpc.testing.StreamingInputCallRequest', 'grpc.testing.StreamingInputCallResponse'],
  FullDuplexCall: ['grpc.testing.StreamingOutputCallRequest', 'grpc.testing.StreamingOutputCallResponse'],
  HalfDuplexCall: ['grpc.testing.StreamingOutputCallRequest', 'grpc.testing.StreamingOutputCallResponse'],
  UnimplementedCall: ['grpc.testing.Empty', 'grpc.testing.Empty'],
};

/** One ServerReflectionInfo stream, asked one request at a time. */
class Session {
  constructor(client) {
    this.call = client.ServerReflectionInfo({ deadline: deadline() });
    this.reader = new StreamReader(this.call);
  }

  async ask(what, request) {
    this.call.write(request);
    const item = await this.reader.next();
    expect(!item.done, `${what}: the reflection stream ended: ${item.error && item.error.message}`);
    return item.message;
  }

  async files(what, request) {
    const response = await this.ask(what, request);
    const kind = response.message_response;
    const error = response.error_response;
    expect(kind === 'file_descriptor_response',
      `${what}: got ${kind}${error ? ` ${error.error_code}: ${JSON.stringify(error.error_message)}` : ''}, expected file_descriptor_response`);
    const raw = response.file_descriptor_response.file_descriptor_proto;
    expect(raw.length > 0, `${what}: file_descriptor_response is empty`);
    return raw.map((bytes, i) => {
      try {
        return descriptor.FileDescriptorProto.decode(bytes);
      } catch (e) {
        throw new Error(`${what}: file ${i} does not parse: ${e.message}`);
      }
    });
  }

  async expectNotFound(what, request) {
    const response = await this.ask(what, request);
    expect(response.message_response === 'error_response',
      `${what}: expected error_response NOT_FOUND, got ${response.message_response}`);
    expect(response.error_response.error_code === grpc.status.NOT_FOUND,
      `${what}: error_code is ${response.error_response.error_code}, expected ${grpc.status.NOT_FOUND} (NOT_FOUND)`);
  }

  async close() {
    this.call.end();
    const { messages, error } = await this.reader.drain();
    expect(!error, `reflection stream did not end with OK: ${error && error.message}`);
    expect(messages.length === 0, `${messages.length} unexpected responses after half-close`);
  }
}

function defines(file, pkg, symbol) {
  const names = [...(file.service || []), ...(file.messageType || []), ...(file.enumType || [])].map((d) => d.name);
  return file.package === pkg && names.includes(symbol);
}

function expectCompleteTestService(files) {
  let root;
  try {
    root = protobuf.Root.fromDescriptor({ file: files }); // resolves every type reference or throws
  } catch (e) {
    throw new Error(`received descriptors do not resolve: ${e.message}`);
  }
  const service = root.lookupService('grpc.testing.TestService');
  for (const [name, [input, output]] of Object.entries(TEST_METHODS)) {
    const method = service.methods[name];
    expect(method, `TestService.${name} is missing from the received descriptors`);
    const got = [method.resolvedRequestType.fullName.slice(1), method.resolvedResponseType.fullName.slice(1)];
    expect(got[0] === input && got[1] === output, `TestService.${name} is ${got}, expected ${[input, output]}`);
  }
  const request = root.lookupType('grpc.testing.SimpleRequest');
  expect(request.fields.response_status.resolvedType.fullName === '.grpc.testing.EchoStatus',
    'SimpleRequest.response_status does not resolve to grpc.testing.EchoStatus');
  expect(root.lookupType('grpc.testing.Payload').fields.body.type === 'bytes', 'Payload.body is not bytes in the received descriptors');
}

async function run(ctx, version) {
  const session = new Session(ctx.client(ctx.pb.reflection[version].ServerReflection));
  const listed = (await session.ask('list_services', { list_services: '*' })).list_services_response.service.map((s) => s.name);
  for (const name of ['grpc.testing.TestService', 'grpc.health.v1.Health', `grpc.reflection.${version}.ServerReflection`]) {
    expect(listed.includes(name), `list_services lacks ${name}: ${listed}`);
  }
  expect(!listed.includes('grpc.testing.UnimplementedService'),
    'list_services names grpc.testing.UnimplementedService, which the server must not implement');

  const [testFile] = await session.files('file_containing_symbol grpc.testing.TestService',
    { file_containing_symbol: 'grpc.testing.TestService' });
  expect(testFile.name.endsWith('test.proto') && defines(testFile, 'grpc.testing', 'TestService'),
    `file containing grpc.testing.TestService is ${JSON.stringify(testFile.name)}, which does not define it`);

  const byName = new Map();
  for (const queue = [testFile.name]; queue.length;) {
    const name = queue.shift();
    if (byName.has(name)) continue;
    const [file] = await session.files(`file_by_filename ${name}`, { file_by_filename: name });
    expect(file.name === name, `file_by_filename ${name} returned ${JSON.stringify(file.name)} first`);
    byName.set(name, file);
    queue.push(...(file.dependency || []));
  }
  expect(byName.size >= 3, `test.proto and its imports are only ${[...byName.keys()]}`);
  expectCompleteTestService([...byName.values()]);

  for (const [symbol, pkg, defined] of [
    ['grpc.testing.SimpleRequest', 'grpc.testing', 'SimpleRequest'],
    ['grpc.testing.TestService.UnaryCall', 'grpc.testing', 'TestService'],
    ['grpc.health.v1.Health', 'grpc.health.v1', 'Health'],
    [`grpc.reflection.${version}.ServerReflection`, `grpc.reflection.${version}`, 'ServerReflection'],
  ]) {
    const [file] = await session.files(`file_containing_symbol ${symbol}`, { file_containing_symbol: symbol });
    expect(defines(file, pkg, defined), `file containing ${symbol} is ${JSON.stringify(file.name)}, which does not define it`);
  }

  await session.expectNotFound('file_containing_symbol grpc.testing.NoSuchService',
    { file_containing_symbol: 'grpc.testing.NoSuchService' });
  await session.expectNotFound('file_by_filename grpc/testing/no_such_file.proto',
    { file_by_filename: 'grpc/testing/no_such_file.proto' });
  await session.close();
}

module.exports = {
  reflection_v1: (ctx) => run(ctx, 'v1'),
  reflection_v1alpha: (ctx) => run(ctx, 'v1alpha'),
};
