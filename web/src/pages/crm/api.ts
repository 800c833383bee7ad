// The CRM routes the screens call, in one place, and the small lists they share (stages,
// campaigns, the names of users who own leads and opportunities).
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { can } from '../../lib/navigation';
import { useSession } from '../../shell/session';
import type { Campaign, Stage } from './model';

export const CRM = {
  leads: '/crm/leads',
  lead: (id: number) => `/crm/leads/${id}`,
  leadAction: (id: number, action: 'qualify' | 'disqualify' | 'convert') => `/crm/leads/${id}/${action}`,
  stages: '/crm/stages',
  teams: '/crm/teams',
  campaigns: '/crm/campaigns',
  opportunities: '/crm/opportunities',
  opportunity: (id: number) => `/crm/opportunities/${id}`,
  opportunityAction: (id: number, action: 'move' | 'win' | 'lose' | 'reopen') => `/crm/opportunities/${id}/${action}`,
  pipeline: '/crm/pipeline',
  forecast: '/crm/forecast',
  activities: '/crm/activities',
  completeActivity: (id: number) => `/crm/activities/${id}/complete`,
  timeline: '/crm/timeline',
  reminders: '/crm/reminders',
};

let stagesCache: Promise<Stage[]> | null = null;
let campaignsCache: Promise<Campaign[]> | null = null;

/** The pipeline's stages in order, asked once per app session. */
export function useStages(): Stage[] {
  const [stages, setStages] = useState<Stage[]>([]);
  useEffect(() => {
    let live = true;
    stagesCache ??= api.get<{ items: Stage[] }>(CRM.stages).then((r) => r.items).catch(() => { stagesCache = null; return []; });
    void stagesCache.then((s) => { if (live) setStages(s); });
    return () => { live = false; };
  }, []);
  return stages;
}

/** The company's campaigns, asked once per app session. */
export function useCampaigns(): Campaign[] {
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  useEffect(() => {
    let live = true;
    campaignsCache ??= api.get<{ items: Campaign[] }>(CRM.campaigns).then((r) => r.items).catch(() => { campaignsCache = null; return []; });
    void campaignsCache.then((c) => { if (live) setCampaigns(c); });
    return () => { live = false; };
  }, []);
  return campaigns;
}

let usersCache: Promise<Record<number, string>> | null = null;

/**
 * Names of the company's users by id, for owners. The user list needs `auth.user.read`; without
 * it only the signed-in user is named (the screens show others as "#id").
 */
export function useUserNames(): Record<number, string> {
  const { user } = useSession();
  const mayList = can(user?.permissions, 'auth.user.read');
  const own: Record<number, string> = user ? { [user.id]: user.name || user.email } : {};
  const [names, setNames] = useState<Record<number, string>>(own);
  useEffect(() => {
    if (!mayList) return;
    let live = true;
    usersCache ??= api.get<Page<{ id: number; name: string; email: string }>>('/auth/users', { limit: 100 })
      .then((p) => Object.fromEntries(p.items.map((u) => [u.id, u.name || u.email])))
      .catch(() => { usersCache = null; return {}; });
    void usersCache.then((all) => { if (live) setNames((n) => ({ ...n, ...all })); });
    return () => { live = false; };
  }, [mayList]);
  return names;
}

/** Forgets the cached lists (a test, or settings that changed them). */
export function forgetCrmLists() {
  stagesCache = null;
  campaignsCache = null;
  usersCache = null;
}
