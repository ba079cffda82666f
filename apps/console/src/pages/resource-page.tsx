import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { formatCents, formatDate } from "../components/format.ts";
import { Empty, ErrorMessage, Loading } from "../components/states.tsx";
import { useTRPC } from "../trpc.ts";
import { type StaffRole, hasRole } from "@addon-kit/contracts/states";

export function ResourcePage({ role }: { role: StaffRole }) {
  const { id = "" } = useParams();
  const trpc = useTRPC();
  const detail = useQuery(trpc.resources.detail.queryOptions({ id }));
  if (detail.isPending) return <Loading />;
  if (detail.error) return <ErrorMessage error={detail.error} />;
  const resource = detail.data;
  return (
    <>
      <h1>{resource.name}</h1>
      <dl className="facts">
        <dt>State</dt>
        <dd>
          <span className={`badge ${resource.state}`} id="resource-state">
            {resource.state}
          </span>
          {resource.failureReason && <span className="error"> {resource.failureReason}</span>}
        </dd>
        <dt>Plan</dt>
        <dd>
          {resource.plan.name} ({formatCents(resource.plan.monthlyPriceCents)} a month)
        </dd>
        <dt>Region</dt>
        <dd>{resource.region}</dd>
        <dt>Heroku uuid</dt>
        <dd>
          <code>{resource.herokuUuid}</code>
        </dd>
        <dt>Our id</dt>
        <dd>
          <code>{resource.id}</code>
        </dd>
        <dt>Created</dt>
        <dd>{formatDate(resource.createdAt)}</dd>
        <dt>Config last pushed</dt>
        <dd>{formatDate(resource.configPushedAt)}</dd>
      </dl>
      {hasRole(role, "operator") && resource.state === "provisioned" && <RotateCredentials id={resource.id} />}
      {hasRole(role, "operator") && resource.state === "failed" && <RetryProvision id={resource.id} />}

      <p>
        <Link to={`/deliveries?resource=${resource.id}`}>Events delivered to the product</Link>
      </p>

      <h2>Recent sign-ins</h2>
      {resource.signIns.length === 0 ? (
        <Empty>Nobody has opened this add-on from Heroku yet.</Empty>
      ) : (
        <div className="table-scroll">
          <table id="sign-ins">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>Into</th>
              </tr>
            </thead>
            <tbody>
              {resource.signIns.map((signIn) => (
                <tr key={`${signIn.into} ${signIn.at}`}>
                  <td>{formatDate(signIn.at)}</td>
                  <td>
                    {signIn.email ?? signIn.herokuUserId ?? "unknown"}
                    {!signIn.verified && <span className="muted"> (not verified by Heroku)</span>}
                  </td>
                  <td>
                    {signIn.into === "dashboard" ? "the dashboard" : "the product"}
                    {!signIn.completed && <span className="muted"> (not completed)</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Attached apps</h2>
      {resource.attachments.length === 0 ? (
        <Empty>Heroku has not reported any attachment.</Empty>
      ) : (
        <ul>
          {resource.attachments.map((attachment) => (
            <li key={attachment.id}>
              {attachment.appName} as <code>{attachment.name}</code>
              {attachment.detachedAt && <span className="muted"> (detached {formatDate(attachment.detachedAt)})</span>}
            </li>
          ))}
        </ul>
      )}

      <h2>Timeline</h2>
      <ol className="timeline">
        {resource.events.map((event) => (
          <li key={event.id}>
            <time>{formatDate(event.createdAt)}</time> <span className="badge">{event.type}</span> {event.message}{" "}
            <span className="muted">by {event.actor}</span>
          </li>
        ))}
      </ol>

      <h2>Jobs</h2>
      {resource.jobs.length === 0 ? (
        <Empty>No background jobs.</Empty>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th>Job</th>
                <th>State</th>
                <th>Attempts</th>
                <th>Created</th>
                <th>Error</th>
              </tr>
            </thead>
            <tbody>
              {resource.jobs.map((job) => (
                <tr key={job.id}>
                  <td>{job.queue}</td>
                  <td>{job.state}</td>
                  <td>{job.attempts}</td>
                  <td>{formatDate(job.createdAt)}</td>
                  <td className="error">{job.error}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function RetryProvision({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const retry = useMutation(
    trpc.resources.retryProvision.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.resources.detail.queryKey({ id }) }),
    }),
  );
  return (
    <div className="action">
      <button type="button" disabled={retry.isPending} onClick={() => retry.mutate({ id })}>
        Retry provisioning
      </button>
      {retry.data && (
        <p className="success" role="status">
          Provisioning again; the add-on is ready for the customer once Heroku has its config.
        </p>
      )}
      {retry.error && <ErrorMessage error={retry.error} />}
    </div>
  );
}

function RotateCredentials({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [graceMinutes, setGraceMinutes] = useState(60);
  const rotate = useMutation(
    trpc.resources.rotateCredentials.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.resources.detail.queryKey({ id }) }),
    }),
  );
  return (
    <form
      className="action"
      onSubmit={(event) => {
        event.preventDefault();
        if (window.confirm("Issue new credentials? The old ones keep working for the grace period only.")) {
          rotate.mutate({ id, graceSeconds: graceMinutes * 60 });
        }
      }}
    >
      <label>
        Old credentials keep working for
        <input type="number" min={5} max={10_080} value={graceMinutes} onChange={(event) => setGraceMinutes(Number(event.target.value))} /> minutes
      </label>
      <button type="submit" disabled={rotate.isPending}>
        Rotate credentials
      </button>
      {rotate.data && (
        <p className="success" role="status">
          Rotated {rotate.data.rotated.join(", ")}; Heroku will release the attached apps.
        </p>
      )}
      {rotate.error && <ErrorMessage error={rotate.error} />}
    </form>
  );
}
