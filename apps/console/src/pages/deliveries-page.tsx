import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { type DeliveryStatus, type StaffRole, deliveryStatuses, hasRole } from "@addon-kit/contracts/states";
import { formatDate } from "../components/format.ts";
import { Empty, ErrorMessage, Loading } from "../components/states.tsx";
import { type Outputs, useTRPC } from "../trpc.ts";

type Breaker = Outputs["deliveries"]["list"]["breaker"];

/** Lifecycle events sent to the product's events URL: how each delivery went, and redelivery for operators. */
export function DeliveriesPage({ role }: { role: StaffRole }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [searchParams] = useSearchParams();
  const resourceId = searchParams.get("resource") ?? undefined;
  const [status, setStatus] = useState<DeliveryStatus | undefined>();
  const deliveries = useInfiniteQuery(
    trpc.deliveries.list.infiniteQueryOptions({ status, resourceId, limit: 50 }, { getNextPageParam: (page) => page.nextCursor }),
  );
  const redeliver = useMutation(
    trpc.deliveries.redeliver.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.deliveries.list.pathKey() }) }),
  );
  if (deliveries.isPending) return <Loading />;
  if (deliveries.error) return <ErrorMessage error={deliveries.error} />;
  const [first] = deliveries.data.pages;
  const events = deliveries.data.pages.flatMap((page) => page.items);
  const canRedeliver = hasRole(role, "operator");
  return (
    <>
      <h1>Deliveries</h1>
      {!first?.eventsUrlConfigured && <p className="muted">No events URL is configured (PRODUCT_EVENTS_URL): changes are not announced to the product.</p>}
      <BreakerState breaker={first?.breaker ?? null} />
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <select aria-label="Status" value={status ?? ""} onChange={(event) => setStatus((event.target.value || undefined) as DeliveryStatus | undefined)}>
          <option value="">Any status</option>
          {deliveryStatuses.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
        {resourceId && <Link to="/deliveries">All resources</Link>}
      </form>
      {redeliver.error && <ErrorMessage error={redeliver.error} />}
      {events.length === 0 ? (
        <Empty>No event to show.</Empty>
      ) : (
        <div className="table-scroll">
          <table id="deliveries">
            <thead>
              <tr>
                <th>Event</th>
                <th>Resource</th>
                <th>Status</th>
                <th>Attempts</th>
                <th>Response</th>
                <th>Last attempt</th>
                <th>Last error</th>
                {canRedeliver && <th />}
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.eventId}>
                  <td>
                    {event.type}
                    <div className="muted">{formatDate(event.createdAt)}</div>
                  </td>
                  <td>
                    <Link to={`/resources/${event.resource.id}`}>{event.resource.name}</Link>
                  </td>
                  <td>
                    <span className={`badge ${event.status}`}>{event.status}</span>
                  </td>
                  <td>{event.attempts}</td>
                  <td>{event.lastStatus === null ? "—" : `${event.lastStatus} in ${event.lastResponseMs} ms`}</td>
                  <td>{formatDate(event.lastAttemptAt)}</td>
                  <td className="error">{event.lastError}</td>
                  {canRedeliver && (
                    <td>
                      {event.status !== "pending" && (
                        <button type="button" onClick={() => redeliver.mutate({ eventId: event.eventId })} disabled={redeliver.isPending}>
                          Redeliver
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {deliveries.hasNextPage && (
        <button type="button" onClick={() => void deliveries.fetchNextPage()}>
          Load more
        </button>
      )}
    </>
  );
}

function BreakerState({ breaker }: { breaker: Breaker }) {
  if (!breaker || breaker.consecutiveFailures === 0) return null;
  const open = breaker.openUntil !== null && new Date(breaker.openUntil) > new Date();
  return (
    <p className={open ? "error" : "muted"} id="breaker">
      {open ? `Calls to the product are paused until ${formatDate(breaker.openUntil)}` : "The product has failed recently"}: {breaker.consecutiveFailures}{" "}
      failures in a row, the last {formatDate(breaker.lastFailureAt)}: {breaker.lastFailure}
    </p>
  );
}
