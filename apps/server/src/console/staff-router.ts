import { newStaffMemberSchema, staffUpdateInputSchema } from "@addon-kit/contracts";
import { type StaffMember, createStaffMember, listStaffMembers, updateStaffMember } from "@addon-kit/domain";
import { procedureFor, router } from "./trpc.ts";

const view = (member: StaffMember) => ({
  email: member.email,
  name: member.name,
  role: member.role,
  disabled: Boolean(member.disabledAt),
  locked: Boolean(member.lockedUntil && member.lockedUntil > new Date()),
  lastSignInAt: member.lastSignInAt?.toISOString() ?? null,
});

export const staffRouter = router({
  list: procedureFor("admin").query(async ({ ctx }) => (await listStaffMembers(ctx.em)).map(view)),
  create: procedureFor("admin")
    .input(newStaffMemberSchema)
    .mutation(async ({ ctx, input }) => view(await createStaffMember(ctx.em, input, ctx.staff.email))),
  update: procedureFor("admin")
    .input(staffUpdateInputSchema)
    .mutation(async ({ ctx, input }) => view(await updateStaffMember(ctx.em, input.email, input, ctx.staff.email))),
});
