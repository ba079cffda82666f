import { TRPCClientError } from "@trpc/client";

export function Loading() {
  return (
    <p className="muted" role="status">
      Loading…
    </p>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="muted empty">{children}</p>;
}

/** A failure as a sentence: the server's message for a refusal, a plain one for anything else. */
export function ErrorMessage({ error }: { error: unknown }) {
  const message = error instanceof TRPCClientError ? error.message : "Something went wrong. Try again.";
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}
