import { describe, expect, it } from 'vitest';
import { inventoryRoute, inventorySectionOf } from '../src/pages/inventory';
import { ProductFormPage, ProductListPage } from '../src/pages/inventory/products';
import { ProductStockPage, StockOverviewPage } from '../src/pages/inventory/stock';
import { MoveListPage, ReceiptPage, TransferPage } from '../src/pages/inventory/moves';
import { WarehousesPage } from '../src/pages/inventory/warehouses';
import { ReplenishmentPage } from '../src/pages/inventory/replenishment';
import { CountPage } from '../src/pages/inventory/counts';

(globalThis as { location?: unknown }).location ??= { search: '' };

describe('inventory routes', () => {
  it('maps each inventory path to its page, with ids', () => {
    const cases: [string, unknown, Record<string, unknown>?][] = [
      ['/inventory', ProductListPage],
      ['/inventory/products', ProductListPage],
      ['/inventory/products/', ProductListPage],
      ['/inventory/products/new', ProductFormPage],
      ['/inventory/products/7', ProductFormPage, { id: 7 }],
      ['/inventory/products/7/stock', ProductStockPage, { id: 7 }],
      ['/inventory/stock', StockOverviewPage],
      ['/inventory/moves', MoveListPage],
      ['/inventory/moves/receive', ReceiptPage],
      ['/inventory/moves/transfer', TransferPage, { kind: 'transfer' }],
      ['/inventory/moves/scrap', TransferPage, { kind: 'scrap' }],
      ['/inventory/warehouses', WarehousesPage],
      ['/inventory/replenishment', ReplenishmentPage],
      ['/inventory/counts', CountPage],
    ];
    for (const [path, page, props] of cases) {
      const element = inventoryRoute(path);
      expect(element?.type, path).toBe(page);
      if (props) expect(element?.props).toMatchObject(props);
    }
    expect(inventoryRoute('/inventory/products/new')?.props).not.toHaveProperty('id');
  });
  it('leaves other paths to the 404 page', () => {
    for (const path of ['/accounting', '/inventory/nothing', '/inventory/products/abc', '/inventory/products/7/x', '/inventory/products/7/stock/1',
      '/inventory/moves/12', '/inventory/moves/receive/1', '/inventory/stock/3', '/inventory/warehouses/1', '/inventory/counts/1', '/inventory/replenishment/x']) {
      expect(inventoryRoute(path), path).toBeNull();
    }
  });
  it('highlights the tab a path belongs to', () => {
    expect(inventorySectionOf('/inventory')).toBe('products');
    expect(inventorySectionOf('/inventory/products/7')).toBe('products');
    expect(inventorySectionOf('/inventory/products/7/stock')).toBe('stock');
    expect(inventorySectionOf('/inventory/moves/receive')).toBe('moves');
    expect(inventorySectionOf('/inventory/counts')).toBe('counts');
    expect(inventorySectionOf('/inventory/unknown')).toBe('products');
  });
});
