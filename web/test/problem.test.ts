import { describe, expect, it } from 'vitest';
import { fieldToNamePath, problemToFormFields, type NamePath } from '../src/lib/problem';

describe('problem to form fields', () => {
  it('turns JSON paths into antd name paths', () => {
    expect(fieldToNamePath('name')).toEqual(['name']);
    expect(fieldToNamePath('emails/0')).toEqual(['emails', 0]);
    expect(fieldToNamePath('/addresses/1/city')).toEqual(['addresses', 1, 'city']);
  });

  it('puts errors on the fields they concern and keeps the rest for the notification', () => {
    const known = new Set(['["name"]', '["emails",0]', '["credit_limit"]', '["addresses"]']);
    const has = (name: NamePath) => known.has(JSON.stringify(name));
    const result = problemToFormFields({
      code: 'party_invalid', message: 'invalid', fields: [
        { field: 'name', code: 'party_name_required', message: 'name is required' },
        { field: 'emails/0', code: 'email_invalid', message: 'not an email' },
        { field: 'credit_limit', code: 'money_invalid', message: 'not a decimal' },
        { field: 'credit_limit', code: 'money_negative', message: 'negative' },
        { field: 'addresses/0/country', code: 'country_unknown', message: 'unknown country' },
        { field: 'owner_id', code: 'owner_unknown', message: 'no such user' },
      ],
    }, has);
    expect(result.fields).toEqual([
      { name: ['name'], errors: ['name is required'] },
      { name: ['emails', 0], errors: ['not an email'] },
      { name: ['credit_limit'], errors: ['not a decimal', 'negative'] },
      { name: ['addresses'], errors: ['unknown country'] },
    ]);
    expect(result.unmatched.map((f) => f.field)).toEqual(['owner_id']);
  });
});
