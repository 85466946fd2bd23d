import { addActionRefusal, closeActionRefusal, isSupervisor, resolveRefusal } from './jag-referral';

const supervisor = { kind: 'user' as const, roles: ['supervisor'] };
const caseworker = { kind: 'user' as const, roles: ['caseworker'] };
const client = { kind: 'client' as const, roles: ['partner_system'] };

describe('the life of a JAG referral', () => {
  it('is resolved by a supervisor when no action is open', () => {
    expect(resolveRefusal(supervisor, { status: 'open', openActions: 0 })).toBeNull();
    expect(resolveRefusal({ kind: 'user', roles: ['caseworker', 'supervisor'] }, { status: 'open', openActions: 0 })).toBeNull();
  });

  it('is refused with JAG_ACTIONS_OUTSTANDING while an action is open', () => {
    expect(resolveRefusal(supervisor, { status: 'open', openActions: 1 })?.code).toBe('JAG_ACTIONS_OUTSTANDING');
    expect(resolveRefusal(supervisor, { status: 'open', openActions: 2 })?.message).toContain('2 action(s)');
  });

  it('is not resolved by caseworkers or partner systems, nor twice', () => {
    expect(resolveRefusal(caseworker, { status: 'open', openActions: 0 })?.code).toBe('FORBIDDEN');
    expect(resolveRefusal(client, { status: 'open', openActions: 0 })?.code).toBe('FORBIDDEN');
    expect(resolveRefusal(supervisor, { status: 'resolved', openActions: 0 })?.code).toBe('CONFLICT');
    expect(isSupervisor({ kind: 'client', roles: ['supervisor'] })).toBe(false);
  });

  it('takes actions only while open; an action is closed once', () => {
    expect(addActionRefusal({ status: 'open' })).toBeNull();
    expect(addActionRefusal({ status: 'resolved' })?.code).toBe('CONFLICT');
    expect(closeActionRefusal({ status: 'open' })).toBeNull();
    expect(closeActionRefusal({ status: 'completed' })?.message).toBe('The action is already completed');
    expect(closeActionRefusal({ status: 'cancelled' })?.code).toBe('CONFLICT');
  });
});
