import { type StaffRole, signInInputSchema, signedOutSchema, staffProfileSchema } from "@addon-kit/contracts";
import { signInStaff, signOutStaff } from "@addon-kit/domain";
import { router, signInProcedure, staffProcedure } from "../trpc.ts";

const profile = (staff: { email: string; name: string; role: StaffRole }) => ({ email: staff.email, name: staff.name, role: staff.role });

export const sessionRouter = router({
  signIn: signInProcedure
    .input(signInInputSchema)
    .output(staffProfileSchema)
    .mutation(async ({ ctx, input }) => {
      const { token, member } = await signInStaff(ctx.em, ctx.sessionPolicy, input);
      ctx.setSessionToken(token);
      return profile(member);
    }),
  me: staffProcedure.output(staffProfileSchema).query(({ ctx }) => profile(ctx.staff)),
  signOut: staffProcedure.output(signedOutSchema).mutation(async ({ ctx }) => {
    await signOutStaff(ctx.em, ctx.session);
    ctx.setSessionToken(null);
    return { signedOut: true as const };
  }),
});
