-- Pipeline part: sales teams, stages, campaigns (the part leads and opportunities name; their
-- costs and report come with the campaigns part), leads with scoring and public web forms,
-- opportunities, quotas and the activities of the timeline. Amounts are BIGINT minor units of
-- the company currency, probabilities whole percents, dates ISO text, instants ISO UTC text.
-- Partners, users and quotes are other modules' rows, named by id only.

CREATE TABLE crm_teams (
  id {{id}},
  company_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  leader_id BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE (company_id, name)
);

CREATE TABLE crm_team_members (
  team_id BIGINT NOT NULL REFERENCES crm_teams (id),
  user_id BIGINT NOT NULL,
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX crm_team_members_user ON crm_team_members (user_id);

-- Open stages in pipeline order. Won and lost are states, not stages. `committed` stages
-- count in the committed forecast.
CREATE TABLE crm_stages (
  id {{id}},
  company_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  probability INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
  committed INTEGER NOT NULL DEFAULT 0,
  archived INTEGER NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX crm_stages_company ON crm_stages (company_id, sequence);

CREATE TABLE crm_campaigns (
  id {{id}},
  company_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  code TEXT NOT NULL,
  channel TEXT NOT NULL,
  budget BIGINT NOT NULL DEFAULT 0 CHECK (budget >= 0),
  starts_on TEXT,
  ends_on TEXT,
  state TEXT NOT NULL DEFAULT 'draft',
  created_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE (company_id, code)
);

-- Scoring: each matching rule adds its points to a lead's score. kind field: `field` is
-- filled (email, phone, website, company_name) or equals `value` (country, source); kind
-- company_size: employees ≥ `value`; kind activity: per logged activity of kind `value`.
CREATE TABLE crm_scoring_rules (
  id {{id}},
  company_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  field TEXT NOT NULL DEFAULT '',
  value TEXT NOT NULL DEFAULT '',
  points INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX crm_scoring_rules_company ON crm_scoring_rules (company_id);

-- Public capture forms: the token is the only credential a stranger holds.
CREATE TABLE crm_web_forms (
  id {{id}},
  company_id BIGINT NOT NULL,
  token TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  campaign_id BIGINT REFERENCES crm_campaigns (id),
  owner_id BIGINT NOT NULL,
  team_id BIGINT REFERENCES crm_teams (id),
  submissions_per_hour INTEGER NOT NULL CHECK (submissions_per_hour > 0),
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL
);

-- Submissions counted per form, remote address and hour, for the rate limit.
CREATE TABLE crm_form_hits (
  form_id BIGINT NOT NULL REFERENCES crm_web_forms (id),
  remote TEXT NOT NULL,
  hour TEXT NOT NULL,
  hits INTEGER NOT NULL,
  PRIMARY KEY (form_id, remote, hour)
);

-- state: new → qualified → converted, or disqualified (with a reason). email_key and
-- phone_key are the normalized forms duplicate detection compares.
CREATE TABLE crm_leads (
  id {{id}},
  company_id BIGINT NOT NULL,
  contact_name TEXT NOT NULL,
  company_name TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  email_key TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  phone_key TEXT NOT NULL DEFAULT '',
  website TEXT NOT NULL DEFAULT '',
  country TEXT NOT NULL DEFAULT '',
  employees INTEGER,
  message TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  campaign_id BIGINT REFERENCES crm_campaigns (id),
  form_id BIGINT REFERENCES crm_web_forms (id),
  owner_id BIGINT NOT NULL,
  team_id BIGINT REFERENCES crm_teams (id),
  state TEXT NOT NULL DEFAULT 'new',
  score INTEGER NOT NULL DEFAULT 0,
  disqualify_reason TEXT NOT NULL DEFAULT '',
  partner_id BIGINT,
  opportunity_id BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX crm_leads_company ON crm_leads (company_id, state, id);
CREATE INDEX crm_leads_owner ON crm_leads (company_id, owner_id, id);
CREATE INDEX crm_leads_email ON crm_leads (company_id, email_key);
CREATE INDEX crm_leads_phone ON crm_leads (company_id, phone_key);

-- state: open → won | lost (reopen brings a lost one back). expected_revenue in the company
-- currency; the probability is the stage's while open, 100 won, 0 lost.
CREATE TABLE crm_opportunities (
  id {{id}},
  company_id BIGINT NOT NULL,
  title TEXT NOT NULL,
  partner_id BIGINT,
  lead_id BIGINT REFERENCES crm_leads (id),
  stage_id BIGINT NOT NULL REFERENCES crm_stages (id),
  state TEXT NOT NULL DEFAULT 'open',
  expected_revenue BIGINT NOT NULL CHECK (expected_revenue >= 0),
  close_date TEXT NOT NULL,
  owner_id BIGINT NOT NULL,
  team_id BIGINT REFERENCES crm_teams (id),
  campaign_id BIGINT REFERENCES crm_campaigns (id),
  quote_id BIGINT,
  lost_reason TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  closed_at TEXT,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX crm_opportunities_stage ON crm_opportunities (company_id, state, stage_id, close_date);
CREATE INDEX crm_opportunities_owner ON crm_opportunities (company_id, owner_id, state);
CREATE INDEX crm_opportunities_close ON crm_opportunities (company_id, close_date);
CREATE INDEX crm_opportunities_partner ON crm_opportunities (company_id, partner_id);

-- A salesperson's target of won revenue for a month ("YYYY-MM").
CREATE TABLE crm_quotas (
  company_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  month TEXT NOT NULL,
  amount BIGINT NOT NULL CHECK (amount >= 0),
  PRIMARY KEY (company_id, user_id, month)
);

-- Calls, emails, meetings, notes, tasks and messages from forms and social channels. Each
-- belongs to a partner, an opportunity or a lead (at least one); tasks have a due date and
-- are open until done_at is set; meetings have starts_at and ends_at.
CREATE TABLE crm_activities (
  id {{id}},
  company_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  direction TEXT NOT NULL DEFAULT '',
  channel TEXT NOT NULL DEFAULT '',
  partner_id BIGINT,
  opportunity_id BIGINT REFERENCES crm_opportunities (id),
  lead_id BIGINT REFERENCES crm_leads (id),
  user_id BIGINT NOT NULL,
  due_date TEXT,
  starts_at TEXT,
  ends_at TEXT,
  done_at TEXT,
  message_id TEXT,
  created_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  CHECK (partner_id IS NOT NULL OR opportunity_id IS NOT NULL OR lead_id IS NOT NULL)
);
CREATE INDEX crm_activities_partner ON crm_activities (company_id, partner_id, id);
CREATE INDEX crm_activities_opportunity ON crm_activities (company_id, opportunity_id, id);
CREATE INDEX crm_activities_lead ON crm_activities (company_id, lead_id, id);
CREATE INDEX crm_activities_open_tasks ON crm_activities (company_id, user_id, done_at, due_date);
CREATE INDEX crm_activities_message ON crm_activities (company_id, message_id);
