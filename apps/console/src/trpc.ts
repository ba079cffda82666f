import { QueryCache, QueryClient } from "@tanstack/react-query";
import { TRPCClientError, createTRPCClient, httpLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { ConsoleRouter } from "@addon-kit/console-api";

export const { TRPCProvider, useTRPC } = createTRPCContext<ConsoleRouter>();
export type Outputs = inferRouterOutputs<ConsoleRouter>;

export const trpcClient = createTRPCClient<ConsoleRouter>({
  // The header the server requires of every console request (its cross-site request guard).
  // No batching: the server counts sign-in attempts per request.
  links: [httpLink({ url: "/trpc", headers: { "x-addon-kit-console": "1" } })],
});

const sessionQueryKey = [["session", "me"]];

export const queryClient: QueryClient = new QueryClient({
  // A session that ends mid-use (expired, revoked, signed out elsewhere) sends the console back to sign-in.
  queryCache: new QueryCache({
    onError: (error, query) => {
      const isSessionQuery = JSON.stringify(query.queryKey[0]) === JSON.stringify(sessionQueryKey[0]);
      if (isUnauthorized(error) && !isSessionQuery) void queryClient.invalidateQueries({ queryKey: sessionQueryKey });
    },
  }),
  defaultOptions: {
    queries: {
      // A refusal (signed out, no access, not found) will not change by asking again.
      retry: (failures, error) => !(error instanceof TRPCClientError && error.data?.httpStatus && error.data.httpStatus < 500) && failures < 2,
      refetchOnWindowFocus: false,
    },
  },
});

export function isUnauthorized(error: unknown): boolean {
  return error instanceof TRPCClientError && error.data?.code === "UNAUTHORIZED";
}
