import { useMutation, useQueryClient } from "@tanstack/react-query";
import { NavLink } from "react-router";
import { hasRole } from "@addon-kit/contracts/states";
import { type Outputs, useTRPC } from "../trpc.ts";

export function Layout({ me, children }: { me: Outputs["session"]["me"]; children: React.ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const signOut = useMutation(trpc.session.signOut.mutationOptions({ onSuccess: () => queryClient.resetQueries() }));
  return (
    <div className="shell">
      <header>
        <strong className="brand">addon-kit</strong>
        <nav>
          <NavLink to="/" end>
            Overview
          </NavLink>
          <NavLink to="/resources">Resources</NavLink>
          <NavLink to="/jobs">Jobs</NavLink>
          <NavLink to="/deliveries">Deliveries</NavLink>
          <NavLink to="/audit">Audit log</NavLink>
          {hasRole(me.role, "admin") && <NavLink to="/staff">Staff</NavLink>}
        </nav>
        <span className="who">
          <span id="signed-in-as">{me.email}</span> <span className="badge">{me.role}</span>
          <button type="button" className="link" onClick={() => signOut.mutate()}>
            Sign out
          </button>
        </span>
      </header>
      <main>{children}</main>
    </div>
  );
}
