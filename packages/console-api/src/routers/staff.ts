import { newStaffMemberSchema, staffMemberViewSchema, staffUpdateInputSchema } from "@addon-kit/contracts";
import { type StaffMember, createStaffMember, listStaffMembers, updateStaffMember } from "@addon-kit/domain";
import { adminProcedure, router } from "../trpc.ts";

const view = (member: StaffMember) => ({
  email: member.email,
  name: member.name,
  role: member.role,
  disabled: Boolean(member.disabledAt),
  locked: Boolean(member.lockedUntil && member.lockedUntil > new Date()),
  lastSignInAt: member.lastSignInAt?.toISOString() ?? null,
});

export const staffRouter = router({
  list: adminProcedure.output(staffMemberViewSchema.array()).query(async ({ ctx }) => (await listStaffMembers(ctx.em)).map(view)),
  create: adminProcedure
    .input(newStaffMemberSchema)
    .output(staffMemberViewSchema)
    .mutation(async ({ ctx, input }) => view(await createStaffMember(ctx.em, input, ctx.staff.email))),
  update: adminProcedure
    .input(staffUpdateInputSchema)
    .output(staffMemberViewSchema)
    .mutation(async ({ ctx, input }) => view(await updateStaffMember(ctx.em, input.email, input, ctx.staff.email))),
});
