import { describe, expect, it } from 'vitest';
import { navigationFor, navKeyForPath } from '../src/lib/navigation';
import { accountingSectionOf } from '../src/pages/accounting';

describe('navigation from permissions', () => {
  it('shows only the modules the user may use', () => {
    expect(navigationFor({}).map((n) => n.key)).toEqual(['dashboard', 'settings']);
    expect(navigationFor({ 'partners.party.read': 'own' }).map((n) => n.key)).toEqual(['dashboard', 'partners', 'settings']);
    expect(navigationFor({ 'partners.party.read': 'all', 'audit.log.read': 'all', 'auth.user.read': 'all' }).map((n) => n.key))
      .toEqual(['dashboard', 'partners', 'audit', 'users', 'settings']);
    expect(navigationFor({ 'auth.user.read': 'all' }).map((n) => n.key)).toEqual(['dashboard', 'users', 'settings']);
    expect(navigationFor(undefined).map((n) => n.key)).toEqual(['dashboard', 'settings']);
    expect(navigationFor({ 'accounting.entry.read': 'all' }).map((n) => n.key)).toEqual(['dashboard', 'accounting', 'settings']);
  });

  it('maps paths to their module', () => {
    expect(navKeyForPath('/')).toBe('dashboard');
    expect(navKeyForPath('/partners/12')).toBe('partners');
    expect(navKeyForPath('/audit')).toBe('audit');
    expect(navKeyForPath('/accounting/entries/3')).toBe('accounting');
  });
});

describe('accounting sections', () => {
  it('maps accounting paths to their tab', () => {
    expect(accountingSectionOf('/accounting')).toBe('overview');
    expect(accountingSectionOf('/accounting/entries/12')).toBe('entries');
    expect(accountingSectionOf('/accounting/aging')).toBe('reports');
    expect(accountingSectionOf('/accounting/statement/4')).toBe('reports');
    expect(accountingSectionOf('/accounting/nowhere')).toBe('overview');
  });
});
