export const ROLES = ['admin', 'supervisor', 'caseworker', 'analyst', 'partner_system'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that record and read casework (people, cases, incidents). */
export const CASEWORK_ROLES: Role[] = ['caseworker', 'supervisor', 'partner_system'];
/** Roles that read reports. */
export const REPORT_ROLES: Role[] = ['supervisor', 'analyst', 'admin'];
