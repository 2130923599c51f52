/**
 * GraphQL resolvers: parse input (zod), call the service, shape the answer.
 * Access decisions live in the services' calls to `authorize`, never here.
 */
import { AppError } from '@manabee/kernel';
import type { IResolvers } from 'mercurius';
import { requirePrincipal } from '../access';
import {
  type AuthContext,
  type AuthParts,
  accountOf,
  childView,
  isoDates,
  isoDatesDeep,
  type MeView,
  meOf,
  metaOf,
  signedIn,
} from './context';
import { clearSessionCookie } from './http';
import * as input from './inputs';

type Args = Record<string, unknown>;
type Resolver = (root: unknown, args: Args, context: AuthContext) => unknown;

export function createResolvers(parts: AuthParts): IResolvers {
  const { runtime, accounts, recovery, children, devices, schools, operators, support, familyData } = parts;
  const db = runtime.database.db;
  const withConsent = async (child: Parameters<typeof childView>[0]) =>
    childView(child, await children.consentOf(child.id));
  const idArg = (args: Args, name = 'id') => input.parse(input.id, args[name]);

  const Query: Record<string, Resolver> = {
    me: async (_r, _a, ctx) => (ctx.principal ? meOf(ctx.principal) : null),
    sessions: async (_r, _a, ctx) => {
      const principal = requirePrincipal(ctx.principal);
      if (principal.role === 'child') throw new AppError('FORBIDDEN');
      const list = await runtime.sessions.list(db, principal.id);
      return list.map((s) => ({ ...isoDates(s), current: s.id === principal.sessionId }));
    },
    family: async (_r, _a, ctx) => {
      const family = await children.getFamily(metaOf(ctx));
      const kids = await children.listChildren(metaOf(ctx));
      return { ...family, children: await Promise.all(kids.map(withConsent)) };
    },
    children: async (_r, _a, ctx) => Promise.all((await children.listChildren(metaOf(ctx))).map(withConsent)),
    child: async (_r, args, ctx) => withConsent(await children.getChild(idArg(args), metaOf(ctx))),
    parentalControls: async (_r, args, ctx) => children.getControls(idArg(args, 'childId'), metaOf(ctx)),
    devices: async (_r, _a, ctx) => (await devices.listDevices(metaOf(ctx))).map(isoDates),
    classroomLinks: async (_r, args, ctx) =>
      (await schools.classroomLinks(idArg(args, 'childId'), metaOf(ctx))).map(isoDates),
    organizations: async (_r, _a, ctx) => schools.organizations(metaOf(ctx)),
    classrooms: async (_r, _a, ctx) => schools.classrooms(metaOf(ctx)),
    classroomChildren: async (_r, args, ctx) =>
      schools.classroomChildren(idArg(args, 'classroomId'), metaOf(ctx)),
    linkedChild: async (_r, args, ctx) => schools.linkedChild(idArg(args, 'childId'), metaOf(ctx)),
    searchDirectory: async (_r, args, ctx) =>
      (await support.searchDirectory(input.parse(input.searchInput, args).query, metaOf(ctx))).map(isoDates),
    account: async (_r, args, ctx) => {
      const detail = await support.accountDetail(idArg(args), metaOf(ctx));
      const current = ctx.principal?.sessionId;
      return isoDatesDeep({
        ...detail,
        sessions: detail.sessions.map((s) => ({ ...s, current: s.id === current })),
      });
    },
    organization: async (_r, args, ctx) =>
      isoDatesDeep(await support.organizationDetail(idArg(args), metaOf(ctx))),
  };

  const Mutation: Record<string, Resolver> = {
    signUp: async (_r, args, ctx) => accounts.signUp(input.parse(input.signUpInput, args.input), metaOf(ctx)),
    verifyEmail: async (_r, args, ctx) => {
      await accounts.verifyEmail(input.parse(input.tokenInput, args).token, metaOf(ctx));
      return true;
    },
    logIn: async (_r, args, ctx) =>
      signedIn(parts, ctx, await accounts.logIn(input.parse(input.logInInput, args.input), metaOf(ctx))),
    logOut: async (_r, _a, ctx) => {
      await accounts.logOut(metaOf(ctx));
      if (ctx.reply) clearSessionCookie(ctx.reply, runtime);
      return true;
    },
    requestPasswordReset: async (_r, args, ctx) =>
      recovery.requestPasswordReset(input.parse(input.emailInput, args).email, metaOf(ctx)),
    resetPassword: async (_r, args, ctx) => {
      await recovery.resetPassword(input.parse(input.resetPasswordInput, args), metaOf(ctx));
      return true;
    },
    changePassword: async (_r, args, ctx) => {
      const session = await accounts.changePassword(
        input.parse(input.changePasswordInput, args),
        metaOf(ctx),
      );
      const principal = requirePrincipal(ctx.principal);
      return signedIn(parts, ctx, { session, principal: { ...principal, sessionId: session.id } });
    },
    unlockAccount: async (_r, args, ctx) => {
      await recovery.unlockAccount(input.parse(input.tokenInput, args).token, metaOf(ctx));
      return true;
    },
    revokeSession: async (_r, args, ctx) => {
      await accounts.revokeSession(idArg(args), metaOf(ctx));
      return true;
    },
    addChild: async (_r, args, ctx) => {
      const { paused: _ignored, ...fields } = input.parse(input.childInput, args.input);
      return withConsent(await children.addChild(fields, metaOf(ctx)));
    },
    updateChild: async (_r, args, ctx) =>
      withConsent(
        await children.updateChild(idArg(args), input.parse(input.childInput, args.input), metaOf(ctx)),
      ),
    giveConsent: async (_r, args, ctx) =>
      children.giveConsent(input.parse(input.consentInput, args), metaOf(ctx)),
    withdrawConsent: async (_r, args, ctx) => children.withdrawConsent(idArg(args, 'childId'), metaOf(ctx)),
    updateParentalControls: async (_r, args, ctx) =>
      children.updateControls(
        idArg(args, 'childId'),
        input.parse(input.controlsInput, args.input),
        metaOf(ctx),
      ),
    regenerateFamilyCode: async (_r, _a, ctx) => children.regenerateFamilyCode(metaOf(ctx)),
    issueDeviceLink: async (_r, args, ctx) =>
      isoDates(await devices.issueDeviceLink(idArg(args, 'childId'), metaOf(ctx))),
    revokeDevice: async (_r, args, ctx) => {
      await devices.revokeDevice(idArg(args), metaOf(ctx));
      return true;
    },
    childSignInWithLink: async (_r, args, ctx) =>
      signedIn(
        parts,
        ctx,
        await devices.childSignInWithLink(input.parse(input.tokenInput, args).token, metaOf(ctx)),
      ),
    childSignInWithPin: async (_r, args, ctx) =>
      signedIn(
        parts,
        ctx,
        await devices.childSignInWithPin(input.parse(input.pinSignInInput, args), metaOf(ctx)),
      ),
    createOrganization: async (_r, args, ctx) =>
      schools.createOrganization(input.parse(input.organizationInput, args), metaOf(ctx)),
    inviteTeacher: async (_r, args, ctx) =>
      schools.inviteTeacher(input.parse(input.inviteInput, args), metaOf(ctx)),
    acceptInvitation: async (_r, args, ctx) =>
      signedIn(
        parts,
        ctx,
        await schools.acceptInvitation(input.parse(input.acceptInvitationInput, args), metaOf(ctx)),
      ),
    createClassroom: async (_r, args, ctx) =>
      schools.createClassroom(input.parse(input.classroomInput, args), metaOf(ctx)),
    requestClassroomLink: async (_r, args, ctx) => ({
      message: await schools.requestClassroomLink(input.parse(input.linkRequestInput, args), metaOf(ctx)),
    }),
    approveClassroomLink: async (_r, args, ctx) =>
      isoDates(await schools.approveClassroomLink(idArg(args), metaOf(ctx))),
    rejectClassroomLink: async (_r, args, ctx) =>
      isoDates(await schools.rejectClassroomLink(idArg(args), metaOf(ctx))),
    removeClassroomLink: async (_r, args, ctx) =>
      isoDates(await schools.removeClassroomLink(idArg(args), metaOf(ctx))),
    operatorLogIn: async (_r, args, ctx) => {
      const result = await operators.operatorLogIn(
        input.parse(input.operatorLogInInput, args.input),
        metaOf(ctx),
      );
      return {
        ...(await signedIn(parts, ctx, result)),
        totpEnrollmentRequired: result.totpEnrollmentRequired,
      };
    },
    enrollTotp: async (_r, _a, ctx) => operators.enrollTotp(metaOf(ctx)),
    verifyTotp: async (_r, args, ctx) =>
      signedIn(parts, ctx, await operators.verifyTotp(input.parse(input.totpInput, args).code, metaOf(ctx))),
    blockAccount: async (_r, args, ctx) =>
      isoDates(await operators.blockAccount(input.parse(input.blockInput, args), metaOf(ctx))),
    unblockAccount: async (_r, args, ctx) =>
      isoDates(await operators.unblockAccount(idArg(args, 'userId'), metaOf(ctx))),
    setOperatorRoles: async (_r, args, ctx) =>
      operators.setOperatorRoles(input.parse(input.rolesInput, args), metaOf(ctx)),
    resendVerificationEmail: async (_r, args, ctx) => {
      const { userId } = input.parse(input.resendVerificationInput, args);
      return (await support.resendVerification(userId ?? null, metaOf(ctx))).sentAt.toISOString();
    },
    updateAccountSettings: async (_r, args, ctx) =>
      accounts.updateSettings(input.parse(input.accountSettingsInput, args), metaOf(ctx)),
    deleteFamily: async (_r, args, ctx) => {
      await familyData.deleteFamily(input.parse(input.deleteFamilyInput, args), metaOf(ctx));
      if (ctx.reply) clearSessionCookie(ctx.reply, runtime);
      return true;
    },
    revokeUserSessions: async (_r, args, ctx) =>
      support.revokeUserSessions(input.parse(input.revokeUserSessionsInput, args), metaOf(ctx)),
  };

  const Me = {
    email: async (me: MeView) => (await accountOf(runtime, me))?.email ?? null,
    timeZone: async (me: MeView) => (await accountOf(runtime, me))?.timeZone ?? null,
    emailVerified: async (me: MeView) => {
      const user = await accountOf(runtime, me);
      return user ? user.emailVerifiedAt !== null : null;
    },
  };

  return { Query, Mutation, Me } as IResolvers;
}
