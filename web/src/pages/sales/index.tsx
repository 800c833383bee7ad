// The sales section: its sub-navigation (quotes, orders, deliveries, returns, price lists) and
// its routes. Returns null for a path it does not know (the shell shows 404).
import { Menu } from 'antd';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../shell/router';
import { SALES_SECTIONS, salesPageOf, sectionOf, type SalesPage, type SalesSection } from './model';
import { QuoteFormPage, QuoteListPage, QuotePage } from './quotes';
import { OrderListPage, OrderPage } from './orders';
import { DeliveryListPage, DeliveryPage } from './deliveries';
import { ReturnFormPage, ReturnListPage, ReturnPage } from './returns';
import { PricelistFormPage, PricelistListPage, PricelistPage } from './pricelists';

const SECTION_PATH: Record<SalesSection, string> = {
  quotes: '/sales/quotes', orders: '/sales/orders', deliveries: '/sales/deliveries', returns: '/sales/returns', pricelists: '/sales/pricelists',
};

export function SalesNav({ section }: { section: SalesSection }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('sales.title')} className="keel-subnav">
      <Menu
        mode="horizontal"
        selectedKeys={[section]}
        items={SALES_SECTIONS.map((s) => ({
          key: s,
          label: <a href={SECTION_PATH[s]} onClick={(e) => { e.preventDefault(); navigate(SECTION_PATH[s]); }} data-testid={`sales-nav-${s}`}>{t(`sales.sections.${s}`)}</a>,
        }))}
      />
    </nav>
  );
}

/** The element for a matched sales page. */
export function salesElement(page: SalesPage): ReactElement {
  switch (page.page) {
    case 'quotes': return <QuoteListPage />;
    case 'quote-new': return <QuoteFormPage key="new" id={null} />;
    case 'quote-edit': return <QuoteFormPage key={`edit-${page.id}`} id={page.id} />;
    case 'quote': return <QuotePage key={page.id} id={page.id} />;
    case 'orders': return <OrderListPage />;
    case 'order': return <OrderPage key={page.id} id={page.id} />;
    case 'deliveries': return <DeliveryListPage />;
    case 'delivery': return <DeliveryPage key={page.id} id={page.id} />;
    case 'returns': return <ReturnListPage />;
    case 'return-new': return <ReturnFormPage key={`new-${page.orderId}`} orderId={page.orderId} />;
    case 'return': return <ReturnPage key={page.id} id={page.id} />;
    case 'pricelists': return <PricelistListPage />;
    case 'pricelist-new': return <PricelistFormPage />;
    case 'pricelist': return <PricelistPage key={page.id} id={page.id} />;
  }
}

/** The page for a /sales path, or null when none matches (the shell shows 404). */
export function SalesRoutes({ path }: { path: string }): ReactElement | null {
  const page = salesPageOf(path, typeof location !== 'undefined' ? location.search : '');
  if (!page) return null;
  return (
    <>
      <SalesNav section={sectionOf(page)} />
      {salesElement(page)}
    </>
  );
}
