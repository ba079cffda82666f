import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { type ResourceState, resourceStates } from "@addon-kit/contracts/states";
import { formatDate } from "../components/format.ts";
import { Empty, ErrorMessage, Loading } from "../components/states.tsx";
import { useTRPC } from "../trpc.ts";

export function ResourcesPage() {
  const trpc = useTRPC();
  const [typed, setTyped] = useState("");
  const [filters, setFilters] = useState<{ search?: string; state?: ResourceState; plan?: string }>({});
  const plans = useQuery(trpc.business.plans.queryOptions());
  const resources = useInfiniteQuery(trpc.resources.list.infiniteQueryOptions({ ...filters, limit: 25 }, { getNextPageParam: (page) => page.nextCursor }));
  const rows = resources.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <h1>Resources</h1>
      <form
        className="filters"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setFilters({ ...filters, ...(typed.trim() ? { search: typed.trim() } : { search: undefined }) });
        }}
      >
        <input
          type="search"
          name="search"
          placeholder="Name, app, or uuid"
          aria-label="Search resources by name, app or uuid"
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
        />
        <select
          aria-label="State"
          value={filters.state ?? ""}
          onChange={(event) => setFilters({ ...filters, state: (event.target.value || undefined) as ResourceState | undefined })}
        >
          <option value="">Any state</option>
          {resourceStates.map((state) => (
            <option key={state}>{state}</option>
          ))}
        </select>
        <select aria-label="Plan" value={filters.plan ?? ""} onChange={(event) => setFilters({ ...filters, plan: event.target.value || undefined })}>
          <option value="">Any plan</option>
          {plans.data?.map((plan) => (
            <option key={plan.slug} value={plan.slug}>
              {plan.name}
            </option>
          ))}
        </select>
        <button type="submit">Search</button>
      </form>
      {resources.isPending ? (
        <Loading />
      ) : resources.error ? (
        <ErrorMessage error={resources.error} />
      ) : rows.length === 0 ? (
        <Empty>No resource matches.</Empty>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Plan</th>
                <th>State</th>
                <th className="wide-only">Region</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((resource) => (
                <tr key={resource.id}>
                  <td>
                    <Link to={`/resources/${resource.id}`}>{resource.name}</Link>
                  </td>
                  <td>{resource.plan}</td>
                  <td>
                    <span className={`badge ${resource.state}`}>{resource.state}</span>
                  </td>
                  <td className="wide-only">{resource.region}</td>
                  <td>{formatDate(resource.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {resources.hasNextPage && (
        <button type="button" onClick={() => void resources.fetchNextPage()} disabled={resources.isFetchingNextPage}>
          {resources.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      )}
    </>
  );
}
