import type { Permissions } from '../lib/navigation';

export interface Company {
  id: number;
  name: string;
  currency: string;
  calendar?: string;
}

export interface Preferences {
  language?: string;
  number_format?: string;
  date_format?: string;
  calendar?: string;
}

export interface User {
  id: number;
  email: string;
  name: string;
  language?: string;
  preferences?: Preferences;
  roles: string[];
  permissions: Permissions;
  company: Company;
}

export interface LoginResponse {
  token?: string;
  csrf_token: string;
  expires_at?: string;
  user: User;
}

export type PartyKind = 'organization' | 'person';
export type PartyRole = 'prospect' | 'customer' | 'supplier' | 'employee_contact';
export const PARTY_ROLES: PartyRole[] = ['prospect', 'customer', 'supplier', 'employee_contact'];
export type AddressKind = 'billing' | 'shipping' | 'other';

export interface Address {
  kind: AddressKind;
  street?: string;
  street2?: string;
  city?: string;
  region?: string;
  postal_code?: string;
  country?: string;
}

export interface Contact {
  id: number;
  name: string;
  emails?: string[];
  phones?: string[];
}

export interface Party {
  id: number;
  kind: PartyKind;
  name: string;
  parent_id?: number | null;
  roles: PartyRole[];
  emails: string[];
  phones: string[];
  websites: string[];
  social: { network: string; handle: string }[];
  addresses: Address[];
  tags: string[];
  language?: string | null;
  currency?: string | null;
  tax_id?: string | null;
  notes?: string | null;
  owner_id?: number | null;
  payment_terms?: string | null;
  credit_limit?: string | null;
  archived: boolean;
  version: number;
  created_at: string;
  updated_at: string;
  contacts?: Contact[];
  duplicate_warnings?: DuplicateWarning[];
}

export interface DuplicateWarning {
  id: number;
  name: string;
  match: 'email' | 'tax_id' | string;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface PartnerStats {
  by_role: { role: string; count: number }[];
  by_country: { country: string; count: number }[];
  total: number;
}

export interface ImportReport {
  rows: number;
  valid: number;
  created: number;
  errors: { row: number; field: string; code: string; message: string }[];
}

export interface AuditEntry {
  id: number;
  at: string;
  user_id: number | null;
  action: string;
  entity: string;
  entity_id: string | number;
  before: unknown;
  after: unknown;
}
