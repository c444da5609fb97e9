import type { MailMessage } from './mailer.js';

/** What a message shows of the partner's brand (never ours). */
export interface MailBrand {
  readonly productName: string;
  readonly supportEmail: string | null;
}

function footer(brand: MailBrand): string {
  const help = brand.supportEmail ? `Questions? Write to ${brand.supportEmail}.` : 'Questions? Ask the person who runs your workspace.';
  return `\n--\n${brand.productName}\n${help}\n`;
}

function when(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** An invitation to a workspace, with its single-use link. */
export function invitationMail(input: {
  to: string;
  brand: MailBrand;
  workspace: string;
  roles: readonly string[];
  invitedBy: string;
  link: string;
  expiresAt: number;
}): MailMessage {
  return {
    to: input.to,
    fromName: input.brand.productName,
    subject: `You are invited to ${input.workspace} on ${input.brand.productName}`,
    text:
      `Hello,\n\n${input.invitedBy} invites you to the workspace ${input.workspace} on ${input.brand.productName} ` +
      `as ${input.roles.join(', ')}.\n\nOpen this link to accept (it works once, until ${when(input.expiresAt)}):\n\n${input.link}\n\n` +
      'If you did not expect this invitation, ignore this message; nothing happens without you.\n' +
      footer(input.brand),
  };
}

/** A password reset link, sent whenever someone asks for the address (they may not be its owner). */
export function passwordResetMail(input: { to: string; brand: MailBrand; link: string; expiresAt: number }): MailMessage {
  return {
    to: input.to,
    fromName: input.brand.productName,
    subject: `Reset your ${input.brand.productName} password`,
    text:
      `Hello,\n\nSomeone asked to reset the password of your ${input.brand.productName} account.\n\n` +
      `Open this link to choose a new one (it works once, until ${when(input.expiresAt)}):\n\n${input.link}\n\n` +
      'Setting a new password signs you out everywhere and revokes your personal API tokens.\n' +
      'If you did not ask for this, ignore this message: your password stays as it is.\n' +
      footer(input.brand),
  };
}

/** A password reset link an owner had sent to a member of their workspace. */
export function memberPasswordResetMail(input: { to: string; brand: MailBrand; workspace: string; requestedBy: string; link: string; expiresAt: number }): MailMessage {
  return {
    to: input.to,
    fromName: input.brand.productName,
    subject: `Choose a new ${input.brand.productName} password`,
    text:
      `Hello,\n\n${input.requestedBy}, an owner of the workspace ${input.workspace}, asked ${input.brand.productName} to send you a link ` +
      `to choose a new password.\n\nOpen it to set one (it works once, until ${when(input.expiresAt)}):\n\n${input.link}\n\n` +
      'Setting a new password signs you out everywhere and revokes your personal API tokens. Until then your ' +
      'current password keeps working; nobody else has seen this link.\n' +
      footer(input.brand),
  };
}

/** A decision link for one approver and one approval task. */
export function decisionLinkMail(input: { to: string; brand: MailBrand; workspace: string; title: string; link: string; expiresAt: number; overdueSince?: number }): MailMessage {
  const overdue = input.overdueSince !== undefined;
  return {
    to: input.to,
    fromName: input.brand.productName,
    subject: `${overdue ? 'Overdue approval' : 'Approval needed'}: ${input.title}`,
    text:
      (overdue
        ? `Hello,\n\nAn approval in ${input.workspace} is overdue (it was due ${when(input.overdueSince ?? 0)}) and still waits for a decision:\n\n  ${input.title}\n\n`
        : `Hello,\n\nAn approval in ${input.workspace} waits for your decision:\n\n  ${input.title}\n\n`) +
      `Open this link to see it and approve or reject (it is yours alone, works once, until ${when(input.expiresAt)}):\n\n${input.link}\n\n` +
      'Do not forward this message: the link decides as you.\n' +
      footer(input.brand),
  };
}

/** A version waiting for the recipient's sign-off, with a link to the approvals inbox where it is reviewed. */
export function signOffRequestMail(input: { to: string; brand: MailBrand; workspace: string; workflow: string; version: number; submittedBy: string; note: string; link: string }): MailMessage {
  return {
    to: input.to,
    fromName: input.brand.productName,
    subject: `Sign-off needed: ${input.workflow}, version ${input.version}`,
    text:
      `Hello,\n\n${input.submittedBy} submitted version ${input.version} of "${input.workflow}" in ${input.workspace} for sign-off.\n` +
      (input.note ? `\nTheir note: ${input.note}\n` : '') +
      `\nReview the changes and approve or reject it here (sign in first):\n\n${input.link}\n` +
      footer(input.brand),
  };
}
