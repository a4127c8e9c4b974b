'use strict';
// Loads the interop, health and reflection services from Debian's grpc-proto at run time.

const fs = require('fs');
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const PROTO_ROOT = process.env.INTEROP_PROTO_ROOT || '/usr/share/grpc-proto';
const PROTO_FILES = [
  'grpc/testing/test.proto',
  'grpc/health/v1/health.proto',
  'grpc/reflection/v1/reflection.proto',
  'grpc/reflection/v1alpha/reflection.proto',
];

function load() {
  for (const file of PROTO_FILES) {
    if (!fs.existsSync(path.join(PROTO_ROOT, file))) {
      throw new Error(`${path.join(PROTO_ROOT, file)} is missing; run tests/interop/setup.sh (Debian package grpc-proto)`);
    }
  }
  const definition = protoLoader.loadSync(PROTO_FILES, {
    includeDirs: [PROTO_ROOT],
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  return grpc.loadPackageDefinition(definition).grpc;
}

module.exports = { load };
