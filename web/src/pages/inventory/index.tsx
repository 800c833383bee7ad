// The inventory section: its sub-navigation and routes (products and variants, stock by product
// and by location, moves with receipts, transfers and scrap, warehouses and locations,
// replenishment, counts).
import { Menu } from 'antd';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../shell/router';
import { ProductFormPage, ProductListPage } from './products';
import { ProductStockPage, StockOverviewPage } from './stock';
import { MoveListPage, ReceiptPage, TransferPage } from './moves';
import { WarehousesPage } from './warehouses';
import { ReplenishmentPage } from './replenishment';
import { CountPage } from './counts';

const SECTIONS = [
  { key: 'products', path: '/inventory/products' },
  { key: 'stock', path: '/inventory/stock' },
  { key: 'moves', path: '/inventory/moves' },
  { key: 'warehouses', path: '/inventory/warehouses' },
  { key: 'replenishment', path: '/inventory/replenishment' },
  { key: 'counts', path: '/inventory/counts' },
] as const;

/** The tab a path belongs to ("/inventory/products/7/stock" → "stock", "/inventory" → "products"). */
export function inventorySectionOf(path: string): string {
  const parts = path.split('/').filter(Boolean);
  if (parts[1] === 'products' && parts[3] === 'stock') return 'stock';
  const second = parts[1];
  return second && SECTIONS.some((s) => s.key === second) ? second : 'products';
}

export function InventoryNav({ path }: { path: string }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('inv.title')} className="keel-subnav">
      <Menu
        mode="horizontal"
        selectedKeys={[inventorySectionOf(path)]}
        items={SECTIONS.map((s) => ({
          key: s.key,
          label: <a href={s.path} onClick={(e) => { e.preventDefault(); navigate(s.path); }} data-testid={`inv-nav-${s.key}`}>{t(`inv.sections.${s.key}`)}</a>,
        }))}
      />
    </nav>
  );
}

/** The page for `path`, or null when it is not an inventory path. */
export function inventoryRoute(path: string): ReactElement | null {
  const parts = path.replace(/\/+$/, '').split('/').filter(Boolean);
  if (parts[0] !== 'inventory') return null;
  const [, section, a, b, extra] = parts;
  if (extra !== undefined) return null;
  const id = (text: string | undefined) => (text && /^\d+$/.test(text) ? Number(text) : null);
  switch (section) {
    case undefined:
      return <ProductListPage />;
    case 'products':
      if (a === undefined) return <ProductListPage />;
      if (a === 'new' && b === undefined) return <ProductFormPage key="new" />;
      if (id(a) !== null && b === undefined) return <ProductFormPage key={a} id={id(a)!} />;
      if (id(a) !== null && b === 'stock') return <ProductStockPage key={a} id={id(a)!} />;
      return null;
    case 'stock':
      return a === undefined ? <StockOverviewPage /> : null;
    case 'moves':
      if (b !== undefined) return null;
      if (a === undefined) return <MoveListPage />;
      if (a === 'receive') return <ReceiptPage key={location.search} />;
      if (a === 'transfer') return <TransferPage key={`transfer${location.search}`} kind="transfer" />;
      if (a === 'scrap') return <TransferPage key={`scrap${location.search}`} kind="scrap" />;
      return null;
    case 'warehouses':
      return a === undefined ? <WarehousesPage /> : null;
    case 'replenishment':
      return a === undefined ? <ReplenishmentPage /> : null;
    case 'counts':
      return a === undefined ? <CountPage key={location.search} /> : null;
    default:
      return null;
  }
}

/** The page for a /inventory path, or null when none matches (the shell shows 404). */
export function InventoryRoutes({ path }: { path: string }): ReactElement | null {
  const page = inventoryRoute(path);
  if (!page) return null;
  return (
    <>
      <InventoryNav path={path} />
      {page}
    </>
  );
}
