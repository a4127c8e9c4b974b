'use strict';
// What every case shares: the failure type, assertions, and promise wrappers over grpc-js calls.

const grpc = require('@grpc/grpc-js');

// Deadline for calls that are expected to finish promptly (the runner also bounds each case).
const CALL_TIMEOUT_MS = 10000;

class CaseFailure extends Error {}

function expect(condition, reason) {
  if (!condition) throw new CaseFailure(reason);
}

function codeName(code) {
  return Object.keys(grpc.status).find((name) => grpc.status[name] === code) || String(code);
}

function expectError(error, code, what) {
  expect(error, `${what}: expected ${codeName(code)}, but the call succeeded`);
  expect(error.code === code,
    `${what}: expected ${codeName(code)}, got ${codeName(error.code)}: ${JSON.stringify(error.details)}`);
  return error;
}

function deadline(ms = CALL_TIMEOUT_MS) {
  return new Date(Date.now() + ms);
}

/** A unary call: resolves {response, error, header, status} once both the callback and the status arrived. */
function unary(client, method, request, metadata = new grpc.Metadata(), options = { deadline: deadline() }) {
  return new Promise((resolve) => {
    const result = { header: null };
    let pending = 2;
    const settle = () => { if (--pending === 0) resolve(result); };
    const call = client[method](request, metadata, options, (error, response) => {
      result.error = error;
      result.response = response;
      settle();
    });
    call.on('metadata', (header) => { result.header = header; });
    call.on('status', (status) => { result.status = status; settle(); });
  });
}

/** Reads a grpc-js readable call one message at a time; the end of the call yields its status. */
class StreamReader {
  constructor(call) {
    this.call = call;
    this.header = null;
    this.status = null;
    this.error = null;
    this.ended = false;
    this.messages = [];
    this.waiters = [];
    this.statusWaiters = [];
    call.on('metadata', (header) => { this.header = header; });
    call.on('data', (message) => { this.messages.push(message); this.wake(); });
    call.on('end', () => { this.ended = true; this.wake(); });
    call.on('error', (error) => { this.error = error; this.ended = true; this.wake(); });
    call.on('status', (status) => {
      this.status = status;
      this.statusWaiters.splice(0).forEach((waiter) => waiter(status));
    });
  }

  wake() {
    while (this.waiters.length && (this.messages.length || this.ended)) {
      this.waiters.shift()(this.messages.length ? { message: this.messages.shift() } : { done: true, error: this.error });
    }
  }

  /** Resolves {message} or, at the end of the call, {done: true, error}. */
  next() {
    return new Promise((resolve) => { this.waiters.push(resolve); this.wake(); });
  }

  /** Resolves the call's final status (code, details, metadata = trailers). */
  finalStatus() {
    return this.status ? Promise.resolve(this.status) : new Promise((resolve) => this.statusWaiters.push(resolve));
  }

  /** Every remaining message, then {messages, error}. */
  async drain() {
    const messages = [];
    for (;;) {
      const item = await this.next();
      if (item.done) return { messages, error: item.error };
      messages.push(item.message);
    }
  }
}

module.exports = { CALL_TIMEOUT_MS, CaseFailure, StreamReader, codeName, deadline, expect, expectError, unary };
