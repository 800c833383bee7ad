// Which modules the navigation shows, from the user's permissions.

export type Permissions = Record<string, 'own' | 'all' | string>;

export interface NavItem {
  key: string;
  path: string;
  labelKey: string;
}

interface ModuleRule extends NavItem {
  visible: (permissions: Permissions) => boolean;
}

const hasPrefix = (prefix: string) => (permissions: Permissions) =>
  Object.keys(permissions).some((code) => code.startsWith(prefix));
const has = (code: string) => (permissions: Permissions) => code in permissions;
const always = () => true;

const MODULES: ModuleRule[] = [
  { key: 'dashboard', path: '/', labelKey: 'nav.dashboard', visible: always },
  { key: 'partners', path: '/partners', labelKey: 'nav.partners', visible: hasPrefix('partners.') },
  { key: 'crm', path: '/crm', labelKey: 'nav.crm', visible: hasPrefix('crm.') },
  { key: 'sales', path: '/sales', labelKey: 'nav.sales', visible: hasPrefix('sales.') },
  { key: 'inventory', path: '/inventory', labelKey: 'nav.inventory', visible: hasPrefix('inventory.') },
  { key: 'accounting', path: '/accounting', labelKey: 'nav.accounting', visible: hasPrefix('accounting.') },
  { key: 'audit', path: '/audit', labelKey: 'nav.audit', visible: has('audit.log.read') },
  { key: 'users', path: '/users', labelKey: 'nav.users', visible: has('auth.user.read') },
  { key: 'settings', path: '/settings', labelKey: 'nav.settings', visible: always },
];

export function navigationFor(permissions: Permissions | undefined): NavItem[] {
  const granted = permissions ?? {};
  return MODULES.filter((m) => m.visible(granted)).map(({ key, path, labelKey }) => ({ key, path, labelKey }));
}

export function can(permissions: Permissions | undefined, code: string): boolean {
  return !!permissions && code in permissions;
}

/** The navigation key a path belongs to ("/partners/12" → "partners"). */
export function navKeyForPath(path: string): string {
  const first = path.split('/').filter(Boolean)[0];
  if (!first) return 'dashboard';
  return first === 'import' ? 'partners' : first;
}
