-- Parties: organizations and people of one company. Multi-valued fields are stored as JSON
-- text on the row (read in one query); the values lists filter on (roles, tags, emails,
-- countries) are copied into partners_party_keys, which is indexed.
CREATE TABLE partners_parties (
  id {{id}},
  company_id BIGINT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('organization', 'person')),
  name TEXT NOT NULL,
  sort_name TEXT NOT NULL,
  parent_id BIGINT REFERENCES partners_parties (id),
  roles_json TEXT NOT NULL,
  emails_json TEXT NOT NULL,
  phones_json TEXT NOT NULL,
  websites_json TEXT NOT NULL,
  social_json TEXT NOT NULL,
  addresses_json TEXT NOT NULL,
  tags_json TEXT NOT NULL,
  language TEXT NOT NULL,
  currency TEXT NOT NULL,
  tax_id TEXT NOT NULL,
  tax_id_key TEXT NOT NULL,
  notes TEXT NOT NULL,
  owner_id BIGINT,
  payment_terms TEXT NOT NULL,
  credit_limit_minor BIGINT CHECK (credit_limit_minor >= 0),
  search_text TEXT NOT NULL,
  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  version BIGINT NOT NULL CHECK (version >= 1),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- One index per sort; ties are broken by id, so keyset pages are stable.
CREATE INDEX partners_parties_by_name ON partners_parties (company_id, sort_name, id);
CREATE INDEX partners_parties_by_created ON partners_parties (company_id, created_at, id);
CREATE INDEX partners_parties_by_updated ON partners_parties (company_id, updated_at, id);
CREATE INDEX partners_parties_by_owner ON partners_parties (company_id, owner_id, sort_name, id);
CREATE INDEX partners_parties_by_tax_id ON partners_parties (company_id, tax_id_key);
CREATE INDEX partners_parties_by_parent ON partners_parties (parent_id, sort_name, id);

-- kind: 'role' | 'tag' | 'email' | 'country'; term: the normalized value.
CREATE TABLE partners_party_keys (
  party_id BIGINT NOT NULL REFERENCES partners_parties (id),
  company_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  term TEXT NOT NULL,
  PRIMARY KEY (party_id, kind, term)
);
CREATE INDEX partners_party_keys_lookup ON partners_party_keys (company_id, kind, term, party_id);
