import { describe, expect, it } from 'vitest';
import {
  cleanAttributes, countBody, countDifference, deriveTotals, filtersQuery, locationPath, locationTree, moveDirection, moveFiltersFrom,
  movesValue, priceExtrasBody, productBody, productName, proposedQuantity, quantityProblem, readProductStock, receiptBody, ruleBody,
  scrapBody, stockByLocation, sumStockRows, transferBody, variantCount, variantLabel, variantPreview, variantSku, type Location,
} from '../src/pages/inventory/model';

describe('product requests', () => {
  it('creates a product with names typed, plain decimals and no empty optional fields', () => {
    const body = productBody({
      type: 'stockable', sku: ' MUG-01 ', barcode: '  ', names: { en: ' Mug ', fa: 'لیوان', he: '   ' }, tracking: 'lot',
      list_price: '۱۲٫۵۰', standard_cost: '4,20', taxes: ['VAT 19%'],
    });
    expect(body).toEqual({
      sku: 'MUG-01', names: { en: 'Mug', fa: 'لیوان' }, list_price: '12.50', standard_cost: '4.20', taxes: ['VAT 19%'],
      type: 'stockable', tracking: 'lot',
    });
  });
  it('sends what is not a number as typed, so the server names the field', () => {
    expect(productBody({ sku: 'X', names: { en: 'X' }, list_price: 'abc' }).list_price).toBe('abc');
  });
  it('never tracks a service', () => {
    expect(productBody({ type: 'service', sku: 'S', names: { en: 'S' }, tracking: 'serial' }).tracking).toBe('none');
  });
  it('sends attributes and only the price extras typed for values that exist', () => {
    const body = productBody({
      sku: 'TSHIRT', names: { en: 'T-shirt' }, list_price: '15.00',
      attributes: [
        { name: ' size ', values: ['S', 'M', ' L ', 'M'], extras: { L: '2.00', M: '0', XL: '9' } },
        { name: 'colour', values: ['red', 'blue'], extras: { blue: '0,50', red: '' } },
        { name: '', values: [] },
      ],
    });
    expect(body.attributes).toEqual([{ name: 'size', values: ['S', 'M', 'L'] }, { name: 'colour', values: ['red', 'blue'] }]);
    expect(body.price_extras).toEqual({ 'size:L': '2.00', 'colour:blue': '0.50' });
  });
  it('edits with the version, an empty barcode to remove it, never type, tracking, unit or attributes', () => {
    const body = productBody({ type: 'service', sku: 'A', names: { en: 'A' }, barcode: '', uom_id: 3, tracking: 'lot', list_price: '2', attributes: [{ name: 'size', values: ['S'] }] }, { version: 4 });
    expect(body).toEqual({ sku: 'A', names: { en: 'A' }, barcode: '', list_price: '2', version: 4 });
  });
  it('edits a variant’s price extra, not its derived list price', () => {
    const body = productBody({ sku: 'T-S', names: { en: 'T' }, list_price: '17.00', price_extra: '2.5' }, { version: 1, variant: true });
    expect(body.price_extra).toBe('2.5');
    expect(body).not.toHaveProperty('list_price');
  });
  it('keeps attribute lines that name something', () => {
    expect(cleanAttributes([{ name: 'size', values: [' ', 'S'] }, { name: ' ', values: [] }])).toEqual([{ name: 'size', values: ['S'] }]);
    expect(priceExtrasBody(undefined)).toEqual({});
  });
});

describe('variants', () => {
  const lines = [
    { name: 'size', values: ['S', 'M', 'L'], extras: { L: '2.00' } },
    { name: 'colour', values: ['red', 'light blue'], extras: { 'light blue': '0.50' } },
  ];
  it('makes the server’s default SKUs', () => {
    expect(variantSku('TSHIRT', ['M', 'red'])).toBe('TSHIRT-M-RED');
    expect(variantSku('TSHIRT', ['light blue', 'XL+'])).toBe('TSHIRT-LIGHTBLUE-XL');
  });
  it('previews one variant per combination with exact prices', () => {
    const rows = variantPreview('TSHIRT', '15.00', lines);
    expect(rows.map((r) => r.sku)).toEqual([
      'TSHIRT-S-RED', 'TSHIRT-S-LIGHTBLUE', 'TSHIRT-M-RED', 'TSHIRT-M-LIGHTBLUE', 'TSHIRT-L-RED', 'TSHIRT-L-LIGHTBLUE',
    ]);
    const last = rows[rows.length - 1];
    expect(last.values).toEqual({ size: 'L', colour: 'light blue' });
    expect(last.price_extra).toBe('2.50');
    expect(last.list_price).toBe('17.50');
    expect(rows[0].list_price).toBe('15.00');
    expect(variantCount(lines)).toBe(6);
  });
  it('adds 0.1 + 0.2 exactly', () => {
    const rows = variantPreview('P', '0.1', [{ name: 'a', values: ['x'], extras: { x: '0.2' } }]);
    expect(rows[0].list_price).toBe('0.3');
  });
  it('has no price while the list price is not a number, and no variants without values', () => {
    expect(variantPreview('P', 'x', lines)[0].list_price).toBeNull();
    expect(variantPreview('P', '', lines)[0].list_price).toBe('0');
    expect(variantPreview('P', '1', [{ name: 'size', values: [] }])).toEqual([]);
    expect(variantCount([])).toBe(0);
  });
  it('names products and variants', () => {
    expect(productName({ names: { en: 'Mug', fa: 'لیوان' }, sku: 'M' }, 'fa')).toBe('لیوان');
    expect(productName({ names: { zh: '杯' }, sku: 'M' }, 'lt')).toBe('杯');
    expect(productName({ names: {}, sku: 'M' }, 'en')).toBe('M');
    expect(variantLabel({ attributes: { size: 'L', colour: 'blue' } })).toBe('L · blue');
    expect(variantLabel({ attributes: {} })).toBe('');
  });
});

describe('stock', () => {
  it('reads the product stock answer and fills each row’s available', () => {
    const stock = readProductStock({
      product_id: 7, on_hand: '12', reserved: '2', available: '10', incoming: '5', outgoing: '2', forecast: '15',
      locations: [{ location_id: 5, location_name: 'WH/Stock/Shelf A', lot_id: 3, lot_name: 'L1', on_hand: '12', reserved: '2' }],
    }, 7);
    expect(stock.forecast).toBe('15');
    expect(stock.rows[0].available).toBe('10');
    expect(readProductStock({}, 1).on_hand).toBe('0');
  });
  it('sums rows exactly and derives available and forecast', () => {
    expect(sumStockRows([{ on_hand: '0.1', reserved: '0' }, { on_hand: '0.2', reserved: '0.05' }])).toEqual({ on_hand: '0.3', reserved: '0.05', available: '0.25' });
    expect(deriveTotals('12', '2', '5', '2')).toEqual({ on_hand: '12', reserved: '2', incoming: '5', outgoing: '2', available: '10', forecast: '15' });
  });
  it('sums the values of done moves only', () => {
    expect(movesValue([{ state: 'done', value: '21.00' }, { state: 'done', value: '-4.20' }, { state: 'confirmed', value: '100' }])).toBe('16.80');
  });
  it('tells a move’s direction from the internal locations', () => {
    const internal = (id: number) => id >= 10;
    expect(moveDirection({ from_location_id: 1, to_location_id: 10 }, internal)).toBe('in');
    expect(moveDirection({ from_location_id: 10, to_location_id: 2 }, internal)).toBe('out');
    expect(moveDirection({ from_location_id: 10, to_location_id: 11 }, internal)).toBe('internal');
    expect(moveDirection({ from_location_id: 1, to_location_id: 2 }, internal)).toBe('external');
  });
});

describe('locations', () => {
  const locations: Location[] = [
    { id: 3, parent_id: null, warehouse_id: 1, name: 'WH/Stock', barcode: '', usage: 'internal' },
    { id: 5, parent_id: 3, warehouse_id: 1, name: 'WH/Stock/Shelf B', barcode: 'B', usage: 'internal' },
    { id: 4, parent_id: 3, warehouse_id: 1, name: 'WH/Stock/Shelf A', barcode: 'A', usage: 'internal' },
    { id: 6, parent_id: 99, warehouse_id: 1, name: 'Orphan', barcode: '', usage: 'internal' },
    { id: 7, parent_id: 4, warehouse_id: 1, name: 'Bin 1', barcode: '', usage: 'internal' },
  ];
  it('builds the tree by parent, siblings by name, orphans as roots', () => {
    const tree = locationTree(locations);
    expect(tree.map((n) => n.id)).toEqual([6, 3]);
    expect(tree[1].children!.map((n) => n.id)).toEqual([4, 5]);
    expect(tree[1].children![0].children!.map((n) => n.id)).toEqual([7]);
  });
  it('spells full names, trusting names that carry their path', () => {
    const byId = new Map(locations.map((l) => [l.id, l]));
    expect(locationPath(byId.get(5)!, byId)).toBe('WH/Stock/Shelf B');
    expect(locationPath(byId.get(7)!, byId)).toBe('WH/Stock/Shelf A/Bin 1');
  });
  it('adds stock up the tree', () => {
    const sums = stockByLocation([{ location_id: 7, on_hand: '2', reserved: '1' }, { location_id: 5, on_hand: '0.5', reserved: '0' }], locations);
    expect(sums.get(7)).toEqual({ on_hand: '2', reserved: '1' });
    expect(sums.get(4)).toEqual({ on_hand: '2', reserved: '1' });
    expect(sums.get(3)).toEqual({ on_hand: '2.5', reserved: '1' });
    expect(sums.has(6)).toBe(false);
  });
});

describe('stock commands', () => {
  it('receives with lots and expiry, leaving out what is empty', () => {
    expect(receiptBody({
      product_id: 7, quantity: '5', unit_cost: '4,20', location_id: 5, date: '2026-03-02',
      lots: [{ name: ' L-1 ', quantity: '3', expiry_date: '2026-12-31' }, { name: 'L-2', quantity: '2' }, { name: '', quantity: '' }],
    })).toEqual({
      product_id: 7, quantity: '5', unit_cost: '4.20', location_id: 5, date: '2026-03-02',
      lots: [{ lot_name: 'L-1', quantity: '3', expiry_date: '2026-12-31' }, { lot_name: 'L-2', quantity: '2' }],
    });
    expect(receiptBody({ product_id: 7, quantity: '1' })).toEqual({ product_id: 7, quantity: '1' });
  });
  it('transfers a lot as the moved quantity', () => {
    expect(transferBody({ product_id: 7, quantity: '2', from_location_id: 5, to_location_id: 16, lot_id: 3 }))
      .toEqual({ product_id: 7, quantity: '2', from_location_id: 5, to_location_id: 16, lots: [{ lot_id: 3, quantity: '2' }] });
  });
  it('scraps from a location with a reason', () => {
    expect(scrapBody({ product_id: 7, quantity: '1', location_id: 5, lot_id: 3, reason: ' damaged ' }))
      .toEqual({ product_id: 7, quantity: '1', location_id: 5, lot_id: 3, reason: 'damaged' });
  });
  it('counts and shows the difference exactly', () => {
    expect(countBody({ product_id: 7, location_id: 5, counted: '11', lot_id: null })).toEqual({ product_id: 7, location_id: 5, counted: '11' });
    expect(countDifference('11', '12')).toBe('-1');
    expect(countDifference('0.3', '0.1')).toBe('0.2');
    expect(countDifference('x', '1')).toBeNull();
    expect(countDifference('5', '')).toBe('5');
  });
  it('checks quantities against the unit', () => {
    expect(quantityProblem('2', 0)).toBeNull();
    expect(quantityProblem('2.50', 1)).toBeNull();
    expect(quantityProblem('2.5', 0)).toBe('too_precise');
    expect(quantityProblem('0', 0)).toBe('not_positive');
    expect(quantityProblem('a', 0)).toBe('invalid');
  });
});

describe('filters and replenishment', () => {
  it('reads move filters by the API’s names and writes only those set', () => {
    const filters = moveFiltersFrom(new URLSearchParams('product_id=7&state=done&limit=50'));
    expect(filters).toEqual({ product_id: '7', location_id: '', state: 'done', origin: '', from: '', to: '', limit: 50 });
    expect(filtersQuery({ ...filters, limit: 25 })).toBe('product_id=7&state=done');
  });
  it('proposes max − forecast below min, nothing otherwise', () => {
    expect(proposedQuantity('10', '50', '4')).toBe('46');
    expect(proposedQuantity('10', '50', '10')).toBe('0');
    expect(proposedQuantity('1.5', '2.25', '-1')).toBe('3.25');
  });
  it('sends a rule with plain decimals', () => {
    expect(ruleBody({ product_id: 7, min: '10', max: '1 000' })).toEqual({ product_id: 7, min: '10', max: '1000' });
    expect(ruleBody({ product_id: 7, warehouse_id: 2, min: '1', max: '2' }).warehouse_id).toBe(2);
  });
});
