import { QueryClient } from "@tanstack/react-query";
import { TRPCClientError, createTRPCClient, httpBatchLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { ConsoleRouter } from "@addon-kit/server/console-router";

export const { TRPCProvider, useTRPC } = createTRPCContext<ConsoleRouter>();
export type Outputs = inferRouterOutputs<ConsoleRouter>;

export const trpcClient = createTRPCClient<ConsoleRouter>({
  // The header the server requires of every console request (its cross-site request guard).
  links: [httpBatchLink({ url: "/trpc", headers: { "x-addon-kit-console": "1" } })],
});

export const queryClient = new QueryClient({
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
