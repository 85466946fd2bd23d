import type { Rng } from './rng';
import type { UserRow } from './rows';
import type { Vocabulary } from './vocabulary';
import { personName } from './people';

/** How many demo caseworkers and supervisors each LLR organisation gets (ours); every one also gets an analyst. */
const STAFF: Record<string, { caseworkers: number; supervisors: number }> = {
  'LEICS-POLICE': { caseworkers: 30, supervisors: 6 },
  'LEICESTER-CC': { caseworkers: 10, supervisors: 3 },
  'LEICS-CC': { caseworkers: 2, supervisors: 1 },
};
const DEFAULT_STAFF = { caseworkers: 4, supervisors: 2 };

export interface OrganisationStaff {
  organisationId: string;
  caseworkers: string[];
  supervisors: string[];
}

export interface DemoStaff {
  users: UserRow[];
  byOrganisation: Map<string, OrganisationStaff>;
}

/** `caseworker3@leics-police.demo.example.org`: predictable, so demos and benchmarks can sign in. */
export function demoEmail(role: string, n: number | null, organisationCode: string): string {
  return `${role}${n ?? ''}@${organisationCode.toLowerCase()}.demo.example.org`;
}

/** Demo users of every organisation given (by code): caseworkers, supervisors and one analyst. */
export function generateStaff(rng: Rng, organisations: Readonly<Record<string, string>>, vocabulary: Vocabulary, createdAt: Date): DemoStaff {
  const users: UserRow[] = [];
  const byOrganisation = new Map<string, OrganisationStaff>();
  for (const code of Object.keys(organisations).sort()) {
    const organisationId = organisations[code];
    const counts = STAFF[code] ?? DEFAULT_STAFF;
    const staff: OrganisationStaff = { organisationId, caseworkers: [], supervisors: [] };
    const add = (role: 'caseworker' | 'supervisor' | 'analyst', n: number | null) => {
      const { first, last } = personName(rng, vocabulary, rng.chance(0.5) ? 'female' : 'male');
      const id = rng.uuid();
      users.push({ id, email: demoEmail(role, n, code), name: `${first} ${last}`, organisation_id: organisationId, roles: [role], created_at: createdAt });
      if (role === 'caseworker') staff.caseworkers.push(id);
      if (role === 'supervisor') staff.supervisors.push(id);
    };
    for (let i = 1; i <= counts.caseworkers; i++) add('caseworker', i);
    for (let i = 1; i <= counts.supervisors; i++) add('supervisor', i);
    add('analyst', null);
    byOrganisation.set(code, staff);
  }
  return { users, byOrganisation };
}
