import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { type StaffRole, staffRoles } from "@addon-kit/contracts/states";
import { formatDate } from "../components/format.ts";
import { ErrorMessage, Loading } from "../components/states.tsx";
import { useTRPC } from "../trpc.ts";

export function StaffPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const staff = useQuery(trpc.staff.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.staff.list.queryKey() });
  const update = useMutation(trpc.staff.update.mutationOptions({ onSuccess: refresh }));
  if (staff.isPending) return <Loading />;
  if (staff.error) return <ErrorMessage error={staff.error} />;
  return (
    <>
      <h1>Staff</h1>
      {update.error && <ErrorMessage error={update.error} />}
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th>Email</th>
              <th>Name</th>
              <th>Role</th>
              <th>Last sign-in</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {staff.data.map((member) => (
              <tr key={member.email}>
                <td>{member.email}</td>
                <td>{member.name}</td>
                <td>
                  <select
                    aria-label={`Role of ${member.email}`}
                    value={member.role}
                    onChange={(event) => update.mutate({ email: member.email, role: event.target.value as StaffRole })}
                  >
                    {staffRoles.map((role) => (
                      <option key={role}>{role}</option>
                    ))}
                  </select>
                </td>
                <td>{formatDate(member.lastSignInAt)}</td>
                <td>
                  {member.locked && <span className="badge failed">locked</span>}{" "}
                  <button type="button" className="link" onClick={() => update.mutate({ email: member.email, disabled: !member.disabled })}>
                    {member.disabled ? "Enable" : "Disable"}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <NewStaffMember onCreated={() => void refresh()} />
    </>
  );
}

function NewStaffMember({ onCreated }: { onCreated: () => void }) {
  const trpc = useTRPC();
  const [form, setForm] = useState({ email: "", name: "", role: "viewer" as StaffRole, password: "" });
  const create = useMutation(
    trpc.staff.create.mutationOptions({
      onSuccess: () => {
        setForm({ email: "", name: "", role: "viewer", password: "" });
        onCreated();
      },
    }),
  );
  return (
    <form
      className="action"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate(form);
      }}
    >
      <h2>Add a staff member</h2>
      <label>
        Email <input type="email" required value={form.email} onChange={(event) => setForm({ ...form, email: event.target.value })} />
      </label>
      <label>
        Name <input required value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />
      </label>
      <label>
        Role
        <select value={form.role} onChange={(event) => setForm({ ...form, role: event.target.value as StaffRole })}>
          {staffRoles.map((role) => (
            <option key={role}>{role}</option>
          ))}
        </select>
      </label>
      <label>
        Password (12 characters or more)
        <input
          type="password"
          required
          minLength={12}
          autoComplete="new-password"
          value={form.password}
          onChange={(event) => setForm({ ...form, password: event.target.value })}
        />
      </label>
      <button type="submit" disabled={create.isPending}>
        Add
      </button>
      {create.error && <ErrorMessage error={create.error} />}
    </form>
  );
}
