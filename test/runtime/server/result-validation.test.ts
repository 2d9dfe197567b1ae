/** The server checks results against the IDL before sending: a handler's broken result is its own INTERNAL error. */
import { expect } from "chai";
import { createClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import type { RpcError } from "../../../runtime/errors.js";
import { bareMethod, bareService, Order$schema, serve, withCtx } from "../../helpers/net-service.js";
import { rejectionOf } from "../../helpers/echo-server.js";

const order = bareMethod("test.Orders", "order", { kind: "ref", target: () => Order$schema });
const orders = bareMethod("test.Orders", "orders", { kind: "list", element: { kind: "ref", target: () => Order$schema } });
const service = bareService("test.Orders", [order, orders]);

describe("server: result validation", () => {
  it("answers INTERNAL naming the missing field, and reports it to onError", async () => {
    let result: unknown;
    const impl = { order: withCtx(() => result), orders: withCtx(async () => [{ id: "a", total: 1 }, { id: "b" }]) };
    const { server, target, reported } = await serve(service, impl);
    const client = createClient({ target });
    try {
      result = { id: "o-1" };
      const error = (await rejectionOf(client.unary(order, {}))) as RpcError;
      expect(error.code).to.equal(Code.INTERNAL);
      expect(error.notProcessed).to.equal(false);
      expect(error.message).to.include("result.total: is required");
      expect(error.details).to.deep.equal({ path: "result.total" });
      const nested = (await rejectionOf(client.unary(orders, {}))) as RpcError;
      expect(nested.code).to.equal(Code.INTERNAL);
      expect(nested.message).to.include("result[1].total");
      expect(reported).to.have.length(2);
      expect((reported[0] as RpcError).message).to.include("test.Orders/order");
      result = { id: "o-2", total: 5 };
      expect(await client.unary(order, {})).to.deep.equal({ id: "o-2", total: 5 });
    } finally {
      await client.close();
      await server.close();
    }
  });
});
