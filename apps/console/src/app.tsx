import { useQuery } from "@tanstack/react-query";
import { Route, Routes } from "react-router";
import { Layout } from "./components/layout.tsx";
import { ErrorMessage, Loading } from "./components/states.tsx";
import { AuditPage } from "./pages/audit-page.tsx";
import { DeliveriesPage } from "./pages/deliveries-page.tsx";
import { JobsPage } from "./pages/jobs-page.tsx";
import { OverviewPage } from "./pages/overview-page.tsx";
import { ResourcePage } from "./pages/resource-page.tsx";
import { ResourcesPage } from "./pages/resources-page.tsx";
import { SignInPage } from "./pages/sign-in-page.tsx";
import { StaffPage } from "./pages/staff-page.tsx";
import { isUnauthorized, useTRPC } from "./trpc.ts";

/** Signed out: the sign-in page, whatever the address. Signed in: the console. */
export function App() {
  const trpc = useTRPC();
  const me = useQuery(trpc.session.me.queryOptions());
  if (me.isPending) return <Loading />;
  if (me.error && isUnauthorized(me.error)) return <SignInPage />;
  if (me.error) return <ErrorMessage error={me.error} />;
  return (
    <Layout me={me.data}>
      <Routes>
        <Route index element={<OverviewPage />} />
        <Route path="resources" element={<ResourcesPage />} />
        <Route path="resources/:id" element={<ResourcePage role={me.data.role} />} />
        <Route path="jobs" element={<JobsPage role={me.data.role} />} />
        <Route path="deliveries" element={<DeliveriesPage role={me.data.role} />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="staff" element={<StaffPage />} />
        <Route path="*" element={<p>Nothing here. Pick a page above.</p>} />
      </Routes>
    </Layout>
  );
}
