import { useQuery } from "@tanstack/react-query";
import { BarChart } from "../components/bar-chart.tsx";
import { formatCents } from "../components/format.ts";
import { ErrorMessage, Loading } from "../components/states.tsx";
import { useTRPC } from "../trpc.ts";

export function OverviewPage() {
  const trpc = useTRPC();
  const overview = useQuery(trpc.business.overview.queryOptions());
  if (overview.isPending) return <Loading />;
  if (overview.error) return <ErrorMessage error={overview.error} />;
  const { resources, perDay, revenueByPlan, monthlyRevenueCents } = overview.data;
  return (
    <>
      <h1>Overview</h1>
      <section className="cards">
        {(
          [
            [resources.provisioned, "provisioned"],
            [resources.provisioning, "provisioning"],
            [resources.failed, "failed"],
            [resources.deprovisioned, "deprovisioned"],
            [formatCents(monthlyRevenueCents), "monthly revenue"],
          ] as const
        ).map(([figure, label]) => (
          <div className="card" key={label}>
            <span className="figure">{figure}</span> {label}
          </div>
        ))}
      </section>
      <h2>Activity</h2>
      <BarChart days={perDay} />
      <h2>Revenue by plan</h2>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th>Plan</th>
              <th className="number">Installs</th>
              <th className="number">Monthly revenue</th>
            </tr>
          </thead>
          <tbody>
            {revenueByPlan.map((plan) => (
              <tr key={plan.slug}>
                <td>{plan.name}</td>
                <td className="number">{plan.installs}</td>
                <td className="number">{formatCents(plan.monthlyRevenueCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
