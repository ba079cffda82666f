import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { formatDate } from "../components/format.ts";
import { Empty, ErrorMessage, Loading } from "../components/states.tsx";
import { type Outputs, useTRPC } from "../trpc.ts";
import { type StaffRole, hasRole } from "@addon-kit/contracts/states";

type Job = Outputs["operations"]["jobs"]["failed"][number];

export function JobsPage({ role }: { role: StaffRole }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const jobs = useQuery(trpc.operations.jobs.queryOptions());
  const retry = useMutation(
    trpc.operations.retryJob.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.operations.jobs.queryKey() }) }),
  );
  if (jobs.isPending) return <Loading />;
  if (jobs.error) return <ErrorMessage error={jobs.error} />;
  const table = (rows: Job[], canRetry: boolean) => (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th>Job</th>
            <th>Resource</th>
            <th>State</th>
            <th>Attempts</th>
            <th>Created</th>
            <th>Error</th>
            {canRetry && <th />}
          </tr>
        </thead>
        <tbody>
          {rows.map((job) => (
            <tr key={job.id}>
              <td>{job.queue}</td>
              <td>{job.resourceId && <Link to={`/resources/${job.resourceId}`}>open</Link>}</td>
              <td>{job.state}</td>
              <td>
                {job.attempts} of {job.retryLimit + 1}
              </td>
              <td>{formatDate(job.createdAt)}</td>
              <td className="error">{job.error}</td>
              {canRetry && (
                <td>
                  <button type="button" onClick={() => retry.mutate({ queue: job.queue, id: job.id })} disabled={retry.isPending}>
                    Retry
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <>
      <h1>Jobs</h1>
      {retry.error && <ErrorMessage error={retry.error} />}
      <h2>Failed</h2>
      {jobs.data.failed.length === 0 ? <Empty>No job has failed for good.</Empty> : table(jobs.data.failed, hasRole(role, "operator"))}
      <h2>Pending</h2>
      {jobs.data.pending.length === 0 ? <Empty>Nothing waiting.</Empty> : table(jobs.data.pending, false)}
    </>
  );
}
