import { expect } from "chai";
import type { Frame } from "../../../runtime/protocol/index.js";

/** Compare frames field by field (metadata has a null prototype on decode). */
export function expectSameFrame(actual: Frame, expected: Frame): void {
  expect(actual.kind).to.equal(expected.kind);
  expect(actual.flags).to.equal(expected.flags);
  expect(actual.serializer).to.equal(expected.serializer);
  expect(actual.compressor).to.equal(expected.compressor);
  expect(actual.requestId).to.equal(expected.requestId);
  expect(actual.header.service).to.equal(expected.header.service);
  expect(actual.header.method).to.equal(expected.header.method);
  expect(actual.header.timeoutMs).to.equal(expected.header.timeoutMs);
  expect(actual.header.status).to.equal(expected.header.status);
  expect(actual.header.message).to.equal(expected.header.message);
  expect({ ...actual.header.metadata }).to.deep.equal({ ...expected.header.metadata });
  expect(Buffer.from(actual.body).equals(Buffer.from(expected.body))).to.equal(true);
}

