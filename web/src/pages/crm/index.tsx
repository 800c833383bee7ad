// The CRM section: its sub-navigation (pipeline, leads, forecast) with the overdue-task
// reminders beside it, and its routes. Returns null for a path it does not know (the shell
// shows 404).
import { Menu } from 'antd';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../shell/router';
import { CRM_SECTIONS, crmPageOf, crmSectionOf, type CrmPage, type CrmSection } from './model';
import { LeadListPage, LeadPage } from './leads';
import { PipelinePage } from './pipeline';
import { ForecastPage } from './forecast';
import { Reminders } from './timeline';

const SECTION_PATH: Record<CrmSection, string> = { pipeline: '/crm/pipeline', leads: '/crm/leads', forecast: '/crm/forecast' };

export function CrmNav({ section }: { section: CrmSection }) {
  const { t } = useTranslation();
  return (
    <div className="keel-crm-nav">
      <nav aria-label={t('crm.title')} className="keel-subnav">
        <Menu
          mode="horizontal"
          selectedKeys={[section]}
          items={CRM_SECTIONS.map((s) => ({
            key: s,
            label: <a href={SECTION_PATH[s]} onClick={(e) => { e.preventDefault(); navigate(SECTION_PATH[s]); }} data-testid={`crm-nav-${s}`}>{t(`crm.sections.${s}`)}</a>,
          }))}
        />
      </nav>
      <Reminders />
    </div>
  );
}

/** The element for a matched CRM page. */
export function crmElement(page: CrmPage): ReactElement {
  switch (page.page) {
    case 'pipeline': return <PipelinePage opportunity={page.opportunity} />;
    case 'leads': return <LeadListPage capture={page.capture} />;
    case 'lead': return <LeadPage key={page.id} id={page.id} />;
    case 'forecast': return <ForecastPage />;
  }
}

/** The page for a /crm path, or null when none matches (the shell shows 404). */
export function CrmRoutes({ path }: { path: string }): ReactElement | null {
  const page = crmPageOf(path, typeof location !== 'undefined' ? location.search : '');
  if (!page) return null;
  return (
    <>
      <CrmNav section={crmSectionOf(page)} />
      {crmElement(page)}
    </>
  );
}
