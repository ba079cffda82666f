import { useInfiniteQuery } from "@tanstack/react-query";
import { formatDate } from "../components/format.ts";
import { Empty, ErrorMessage, Loading } from "../components/states.tsx";
import { useTRPC } from "../trpc.ts";

export function AuditPage() {
  const trpc = useTRPC();
  const audit = useInfiniteQuery(trpc.audit.list.infiniteQueryOptions({ limit: 50 }, { getNextPageParam: (page) => page.nextCursor }));
  if (audit.isPending) return <Loading />;
  if (audit.error) return <ErrorMessage error={audit.error} />;
  const entries = audit.data.pages.flatMap((page) => page.items);
  return (
    <>
      <h1>Audit log</h1>
      {entries.length === 0 ? (
        <Empty>No staff action yet.</Empty>
      ) : (
        <div className="table-scroll">
          <table id="audit">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>Action</th>
                <th>On</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatDate(entry.createdAt)}</td>
                  <td>{entry.actor}</td>
                  <td>{entry.action}</td>
                  <td>{entry.target}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {audit.hasNextPage && (
        <button type="button" onClick={() => void audit.fetchNextPage()}>
          Load more
        </button>
      )}
    </>
  );
}
