/**
 * Every action the audit trail records: the one list. AuditService.record takes
 * only these, the audit-events filter accepts only these, and the change feed
 * places each of them (libs/changes/src/rules/change-feed.ts). A new action is
 * added here and nowhere else.
 */
export const AUDIT_ACTIONS = [
  'create', 'read', 'update', 'delete', 'search', 'list', 'link', 'unlink', 'share', 'unshare', 'merge', 'export', 'login', 'revoke',
  // An Idempotency-Key answer sent again (libs/core/src/idempotency/idempotency.interceptor.ts).
  'replay',
  // Sign-in and passwords (libs/organisations/src/auth, apps/cli/src/reset-password.ts).
  'sign_in_failed', 'lock', 'password_change', 'password_reset',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
