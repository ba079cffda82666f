import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

/**
 * Lets a closing server finish. Node's `server.close()` ends only the connections idle at that
 * moment; a keep-alive connection whose request was in flight would stay open after its answer
 * (for Fastify's 72-second keep-alive) and hold the shutdown past Heroku's 30 seconds of grace.
 * Answers sent while closing therefore ask the client to close the connection.
 */
export const gracefulClosePlugin = fp(
  async (app: FastifyInstance) => {
    let closing = false;
    app.addHook("preClose", async () => {
      closing = true;
    });
    app.addHook("onSend", async (_request, reply) => {
      if (closing) reply.header("connection", "close");
    });
  },
  { name: "graceful-close" },
);
