import { type StaffRole, signInInputSchema } from "@addon-kit/contracts";
import { signInStaff, signOutStaff } from "@addon-kit/domain";
import { router, signInProcedure, staffProcedure } from "./trpc.ts";

const profile = (staff: { email: string; name: string; role: StaffRole }) => ({ email: staff.email, name: staff.name, role: staff.role });

export const sessionRouter = router({
  signIn: signInProcedure.input(signInInputSchema).mutation(async ({ ctx, input }) => {
    const { token, member } = await signInStaff(ctx.em, ctx.sessionPolicy, input);
    ctx.setSessionToken(token);
    return profile(member);
  }),
  me: staffProcedure.query(({ ctx }) => profile(ctx.staff)),
  signOut: staffProcedure.mutation(async ({ ctx }) => {
    await signOutStaff(ctx.em, ctx.session);
    ctx.setSessionToken(null);
    return { signedOut: true };
  }),
});
