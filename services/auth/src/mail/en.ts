import type { AccountMailCatalog } from './templates';

export const en: AccountMailCatalog = {
  duration: (amount, unit) => `${amount} ${unit}${amount === 1 ? '' : 's'}`,
  signature: 'The Manabee team',
  mails: {
    emailVerification: {
      subject: 'Confirm your email for Manabee',
      text: `Welcome to Manabee. Please confirm your email address with this link:

{{link}}

The link is valid for {{validFor}}.

If you did not sign up for Manabee, you can ignore this email; the address will not be confirmed.`,
    },
    emailVerificationResent: {
      subject: 'A new link to confirm your email for Manabee',
      text: `Here is a new link to confirm your email address for Manabee:

{{link}}

The link is valid for {{validFor}}. Links we sent earlier no longer work.

If you did not sign up for Manabee, you can ignore this email.`,
    },
    signUpAttempt: {
      subject: 'Someone tried to sign up for Manabee with your email',
      text: `Somebody tried to create a Manabee account with this email address, which already has one. No new account was created.

If it was you, you can sign in or reset your password here:

{{link}}

If it was not you, there is nothing you need to do; your account has not changed.`,
    },
    accountLocked: {
      subject: 'Your Manabee account was locked',
      text: `We paused sign-in to your account after several wrong passwords. It unlocks by itself shortly.

If this was you, you can unlock it now with this link:

{{link}}

The link is valid for {{validFor}}.

If it was not you, someone may be trying to guess your password. We recommend changing it.`,
    },
    passwordReset: {
      subject: 'Reset your Manabee password',
      text: `We received a request to reset your Manabee password. Choose a new password with this link:

{{link}}

The link is valid for {{validFor}}.

If you did not ask for this, you can ignore this email; your password will not change.`,
    },
    teacherInvitation: {
      subject: 'You are invited to {{organization}} on Manabee',
      text: `You have been invited to join {{organization}} on Manabee as a teacher. Accept the invitation with this link:

{{link}}

The link is valid for {{validFor}}.

If you were not expecting this invitation, you can ignore this email.`,
    },
    classroomLinkRequest: {
      subject: 'A teacher asked to link your child on Manabee',
      text: `A teacher on Manabee asked to add your child to the classroom "{{classroom}}". Please review the request in your family settings:

{{link}}

Nothing about your child is shared with the classroom until you approve. If you do not recognize this request, please decline it.`,
    },
  },
};
