import { describe, expect, it } from 'vitest';
import {
  applyScan, availabilityOf, blockedOptions, configurationExtra, configurationProblems, creditPicture, maxDiscount, needsApproval, parseScan,
  percentOf, pickProgress, previewIndexes, quoteBody, quoteTotals, returnBody, returnQuantityProblem, returnable, salesPageOf, scansToPick, sectionOf,
  type Configurator,
} from '../src/pages/sales/model';
import { salesElement, SalesRoutes } from '../src/pages/sales';
import { QuoteFormPage, QuoteListPage, QuotePage } from '../src/pages/sales/quotes';
import { OrderListPage, OrderPage } from '../src/pages/sales/orders';
import { DeliveryListPage, DeliveryPage } from '../src/pages/sales/deliveries';
import { ReturnFormPage, ReturnListPage, ReturnPage } from '../src/pages/sales/returns';
import { PricelistFormPage, PricelistListPage, PricelistPage, pricelistBody } from '../src/pages/sales/pricelists';
import { dayjs } from '../src/lib/dates';
import { discountLimit } from '../src/pages/sales/api';

(globalThis as { location?: unknown }).location ??= { search: '' };

describe('sales routes', () => {
  it('maps each sales path to its page, with ids', () => {
    const cases: [string, unknown, Record<string, unknown>?, string?][] = [
      ['/sales', QuoteListPage],
      ['/sales/', QuoteListPage],
      ['/sales/quotes', QuoteListPage],
      ['/sales/quotes/new', QuoteFormPage, { id: null }],
      ['/sales/quotes/12', QuotePage, { id: 12 }],
      ['/sales/quotes/12/edit', QuoteFormPage, { id: 12 }],
      ['/sales/orders', OrderListPage],
      ['/sales/orders/7', OrderPage, { id: 7 }],
      ['/sales/deliveries', DeliveryListPage],
      ['/sales/deliveries/3', DeliveryPage, { id: 3 }],
      ['/sales/returns', ReturnListPage],
      ['/sales/returns/new', ReturnFormPage, { orderId: 4 }, '?order=4'],
      ['/sales/returns/new', ReturnFormPage, { orderId: null }, '?order=x'],
      ['/sales/returns/9', ReturnPage, { id: 9 }],
      ['/sales/pricelists', PricelistListPage],
      ['/sales/pricelists/new', PricelistFormPage],
      ['/sales/pricelists/2', PricelistPage, { id: 2 }],
    ];
    for (const [path, page, props, search] of cases) {
      const matched = salesPageOf(path, search ?? '');
      expect(matched, path).not.toBeNull();
      const element = salesElement(matched!);
      expect(element.type, path).toBe(page);
      if (props) expect(element.props, path).toMatchObject(props);
    }
  });

  it('leaves other paths to the 404 page', () => {
    for (const path of ['/salesx', '/sales/quotes/abc', '/sales/quotes/0', '/sales/quotes/1/x', '/sales/orders/new', '/sales/orders/1/edit',
      '/sales/deliveries/x', '/sales/unknown', '/partners/1', '/sales/returns/1/2', '/sales/quotes/1/edit/more']) {
      expect(salesPageOf(path), path).toBeNull();
      expect(SalesRoutes({ path }), path).toBeNull();
    }
  });

  it('highlights the tab of the section a page belongs to', () => {
    expect(sectionOf(salesPageOf('/sales/quotes/3/edit')!)).toBe('quotes');
    expect(sectionOf(salesPageOf('/sales/orders/3')!)).toBe('orders');
    expect(sectionOf(salesPageOf('/sales/deliveries/3')!)).toBe('deliveries');
    expect(sectionOf(salesPageOf('/sales/returns/new', '?order=1')!)).toBe('returns');
    expect(sectionOf(salesPageOf('/sales/pricelists/new')!)).toBe('pricelists');
  });
});

describe('quote requests', () => {
  it('maps the form to the request: decimals normalised, price only when typed, optional and configuration kept, empty lines dropped', () => {
    const body = quoteBody({
      partner_id: 5, currency: 'eur', date: '2026-11-24', valid_until: '2026-12-24',
      lines: [
        { product_id: 7, description: ' Oak chair ', quantity: '۳', unit_price: '19,99', discount_percent: '10', tax_ids: [2], price_manual: true },
        { product_id: 8, quantity: '1', unit_price: '450.00', discount_percent: '0', tax_ids: [], price_manual: false, configuration: { wood: 'oak', finish: 'oil' } },
        { product_id: 9, quantity: '2', unit_price: '5', tax_ids: [], optional: true },
        { quantity: '1', tax_ids: [] },
      ],
    });
    expect(body).toEqual({
      partner_id: 5, currency: 'EUR', date: '2026-11-24', valid_until: '2026-12-24',
      lines: [
        { product_id: 7, description: 'Oak chair', quantity: '3', unit_price: '19.99', discount_percent: '10', tax_ids: [2] },
        { product_id: 8, quantity: '1', tax_ids: [], configuration: { wood: 'oak', finish: 'oil' } },
        { product_id: 9, quantity: '2', tax_ids: [], optional: true },
      ],
    });
  });

  it('sends what is not a number as typed, so the server names the field', () => {
    const body = quoteBody({ partner_id: 1, lines: [{ product_id: 2, quantity: 'abc', unit_price: '1.2.3', price_manual: true }] });
    expect(body.lines).toEqual([{ product_id: 2, quantity: 'abc', unit_price: '1.2.3', tax_ids: [] }]);
  });
});

describe('exact totals', () => {
  it('adds line subtotals exactly, rounding each line to the currency as the server does', () => {
    const totals = quoteTotals([
      { product_id: 1, quantity: '3', unit_price: '19.99' },
      { product_id: 2, quantity: '2', unit_price: '100.005' },
      { product_id: 3, quantity: '1', unit_price: '0.1', discount_percent: '' },
      { product_id: 4, quantity: '1', unit_price: '0.2' },
    ], 2);
    expect(totals).toEqual({ untaxed: '260.28', optional: '0.00' });
  });

  it('keeps optional lines out of the total and takes the discount after rounding', () => {
    const totals = quoteTotals([
      { product_id: 1, quantity: '3', unit_price: '33.33', discount_percent: '15' },
      { product_id: 2, quantity: '1', unit_price: '50', optional: true },
    ], 2);
    // 99.99 less 15 % (14.9985 → 15.00) = 84.99
    expect(totals).toEqual({ untaxed: '84.99', optional: '50.00' });
  });

  it('is exact for large rial amounts and null while a line is incomplete', () => {
    // 3 × 33333333333333.5 = 100000000000000.5, rounded half up to the rial.
    expect(quoteTotals([{ product_id: 1, quantity: '3', unit_price: '33333333333333.5' }], 0)).toEqual({ untaxed: '100000000000001', optional: '0' });
    expect(quoteTotals([{ product_id: 1, quantity: '', unit_price: '1' }], 2)).toBeNull();
    expect(quoteTotals([{ product_id: 1, quantity: '1', unit_price: '1', discount_percent: '101' }], 2)).toBeNull();
  });

  it('maps preview lines back to the form lines that carried a product', () => {
    expect(previewIndexes([{ product_id: 1 }, {}, { product_id: 3 }, { product_id: null }, { product_id: 5 }])).toEqual([0, 2, 4]);
  });

  it('takes the largest maximum discount of the user’s roles', () => {
    const settings = { max_discount_percent: { sales: '10', manager: '30', viewer: '0' } };
    expect(discountLimit(settings, ['sales'])).toBe('10');
    expect(discountLimit(settings, ['sales', 'manager'])).toBe('30');
    expect(discountLimit(settings, ['accountant'])).toBeNull();
    expect(discountLimit(null, ['sales'])).toBeNull();
  });

  it('finds the highest discount and whether it needs an approver', () => {
    expect(maxDiscount([{ discount_percent: '5' }, { discount_percent: '12.5' }, { discount_percent: 'x' }, {}])).toBe('12.5');
    expect(needsApproval('12.5', '10')).toBe(true);
    expect(needsApproval('10', '10')).toBe(false);
    expect(needsApproval('50', null)).toBe(false);
  });
});

describe('order figures', () => {
  it('computes the credit picture exactly', () => {
    expect(creditPicture({ currency: 'EUR', balance: '1785.00', open_orders: '297.50', this_order: '3000.00', limit: '5000.00', available: '-82.50', exceeded: true }))
      .toEqual({ used: '5082.50', left: '-82.50', over: true });
    expect(creditPicture({ currency: 'EUR', balance: '0.10', open_orders: '0.20', this_order: '0.30', limit: '0.60', available: '0.00', exceeded: false }))
      .toEqual({ used: '0.60', left: '0.00', over: false });
    expect(creditPicture({ currency: 'EUR', balance: '1', open_orders: '0', this_order: '1', limit: null, available: null, exceeded: false }).over).toBe(false);
  });

  it('classifies a line’s availability from its promise', () => {
    expect(availabilityOf({ quantity: '5', delivered: '0', promise: { available_now: '5', earliest_date: null } })).toBe('full');
    expect(availabilityOf({ quantity: '5', delivered: '2', promise: { available_now: '3', earliest_date: null } })).toBe('full');
    expect(availabilityOf({ quantity: '5', delivered: '0', promise: { available_now: '2', earliest_date: '2026-12-01' } })).toBe('partial');
    expect(availabilityOf({ quantity: '5', delivered: '0', promise: { available_now: '0', earliest_date: null } })).toBe('none');
    expect(availabilityOf({ quantity: '5', delivered: '0', promise: null })).toBe('unknown');
  });

  it('computes a percentage with integers only', () => {
    expect(percentOf('1', '3')).toBe(33);
    expect(percentOf('2.5', '2.5')).toBe(100);
    expect(percentOf('7', '0')).toBe(0);
    expect(percentOf('9', '3')).toBe(100);
  });
});

describe('the configurator', () => {
  const config: Configurator = {
    product_id: 1,
    groups: [
      { code: 'wood', name: 'Wood', required: true, options: [{ code: 'oak', name: 'Oak', price_extra: '40.00' }, { code: 'pine', name: 'Pine', price_extra: '0' }] },
      { code: 'finish', name: 'Finish', required: true, options: [{ code: 'oil', name: 'Oil', price_extra: '10.50' }, { code: 'lacquer', name: 'Lacquer', price_extra: '12.25' }] },
      { code: 'cushion', name: 'Cushion', required: false, options: [{ code: 'leather', name: 'Leather', price_extra: '30' }] },
    ],
    rules: [
      { kind: 'excludes', option: 'wood:pine', other: 'finish:oil' },
      { kind: 'requires', option: 'cushion:leather', other: 'wood:oak' },
    ],
  };

  it('names each problem with the server’s code', () => {
    expect(configurationProblems(config, { wood: 'oak', finish: 'oil' })).toEqual([]);
    expect(configurationProblems(config, { wood: 'pine', finish: 'oil' })).toEqual([{ code: 'configuration_incompatible', option: 'wood:pine', other: 'finish:oil' }]);
    expect(configurationProblems(config, { wood: 'pine', finish: 'lacquer', cushion: 'leather' })).toEqual([{ code: 'configuration_incompatible', option: 'cushion:leather', other: 'wood:oak' }]);
    expect(configurationProblems(config, { wood: 'oak' })).toEqual([{ code: 'configuration_incomplete', group: 'finish' }]);
    expect(configurationProblems(config, { wood: 'teak', finish: 'oil' })).toEqual([{ code: 'configuration_option_unknown', group: 'wood' }]);
  });

  it('disables the choices that would break a rule, with the option they conflict with', () => {
    const blocked = blockedOptions(config, { wood: 'pine' });
    expect(blocked.get('finish:oil')).toBe('wood:pine');
    expect(blocked.has('finish:lacquer')).toBe(false);
    expect(blocked.get('cushion:leather')).toBe('wood:oak');
    const other = blockedOptions(config, { finish: 'oil' });
    expect(other.get('wood:pine')).toBe('finish:oil');
    expect(other.has('wood:oak')).toBe(false);
  });

  it('adds the chosen price extras exactly', () => {
    expect(configurationExtra(config, { wood: 'oak', finish: 'lacquer', cushion: 'leather' })).toBe('82.25');
    expect(configurationExtra(config, {})).toBe('0');
  });
});

describe('the scanner', () => {
  const lines = [
    { sku: 'CHAIR-OAK', barcode: '4006381333931', quantity: '3', picked: '0' },
    { sku: 'TABLE-1', barcode: '', quantity: '1', picked: '0' },
  ];

  it('reads a code, with an optional count, in any digits', () => {
    expect(parseScan('4006381333931')).toEqual({ code: '4006381333931', quantity: '1' });
    expect(parseScan('  CHAIR-OAK \n')).toEqual({ code: 'CHAIR-OAK', quantity: '1' });
    expect(parseScan('3*CHAIR-OAK')).toEqual({ code: 'CHAIR-OAK', quantity: '3' });
    expect(parseScan('۲x4006381333931')).toEqual({ code: '4006381333931', quantity: '2' });
    expect(parseScan('')).toBeNull();
    expect(parseScan('two words')).toBeNull();
    expect(parseScan('0*CHAIR-OAK')).toBeNull();
  });

  it('increments the matched line by SKU or barcode', () => {
    expect(applyScan(lines, '4006381333931', '1')).toEqual({ ok: true, index: 0, picked: '1' });
    expect(applyScan(lines, 'TABLE-1', '1')).toEqual({ ok: true, index: 1, picked: '1' });
  });

  it('refuses unknown codes and over-picking, changing nothing', () => {
    expect(applyScan(lines, 'NOPE', '1')).toEqual({ ok: false, code: 'delivery_code_unknown' });
    expect(applyScan(lines, '', '1')).toEqual({ ok: false, code: 'delivery_code_unknown' });
    const full = [{ ...lines[0], picked: '3' }, lines[1]];
    expect(applyScan(full, 'CHAIR-OAK', '1')).toEqual({ ok: false, code: 'delivery_quantity_exceeded', index: 0 });
    expect(applyScan(lines, 'CHAIR-OAK', '4')).toEqual({ ok: false, code: 'delivery_quantity_exceeded', index: 0 });
    expect(full[0].picked).toBe('3');
  });

  it('moves on to the next line of the same product when the first is full', () => {
    const two = [{ sku: 'A', barcode: '', quantity: '1', picked: '1' }, { sku: 'A', barcode: '', quantity: '2', picked: '0' }];
    expect(applyScan(two, 'A', '1')).toEqual({ ok: true, index: 1, picked: '1' });
  });

  it('groups scans per code for the pick request and measures progress', () => {
    expect(scansToPick([{ code: 'A', quantity: '1' }, { code: 'B', quantity: '1' }, { code: 'A', quantity: '2' }]))
      .toEqual([{ code: 'A', quantity: '3' }, { code: 'B', quantity: '1' }]);
    expect(pickProgress([{ quantity: '3', picked: '2' }, { quantity: '1', picked: '1' }])).toEqual({ picked: '3', wanted: '4', complete: false });
    expect(pickProgress([{ quantity: '3', picked: '3' }]).complete).toBe(true);
  });
});

describe('returns', () => {
  it('allows what was delivered and not yet returned', () => {
    expect(returnable({ delivered: '3', returned: '1' })).toBe('2');
    expect(returnable({ delivered: '1', returned: '1' })).toBe('0');
    expect(returnable({ delivered: '0', returned: '0' })).toBe('0');
  });

  it('checks a typed quantity against it', () => {
    expect(returnQuantityProblem('', '2')).toBeNull();
    expect(returnQuantityProblem('2', '2')).toBeNull();
    expect(returnQuantityProblem('2.5', '2')).toBe('too_many');
    expect(returnQuantityProblem('0', '2')).toBe('not_positive');
    expect(returnQuantityProblem('x', '2')).toBe('invalid');
  });

  it('sends only the lines with a quantity', () => {
    expect(returnBody(4, [
      { order_line_id: 1, quantity: '۱', disposition: 'scrap' },
      { order_line_id: 2, quantity: '' },
      { order_line_id: 3, quantity: '0' },
      { order_line_id: 5, quantity: '2' },
    ], true, '2026-11-24')).toEqual({
      order_id: 4, refund: true, date: '2026-11-24',
      lines: [{ order_line_id: 1, quantity: '1', disposition: 'scrap' }, { order_line_id: 5, quantity: '2', disposition: 'stock' }],
    });
  });
});

describe('price lists', () => {
  it('maps the form to the request', () => {
    expect(pricelistBody({
      name: ' Wholesale ', currency: 'eur', customer_group: '',
      items: [
        { product_id: 7, min_quantity: '10', price: '17,50', date_from: dayjs('2026-01-01') },
        { product_id: 8, min_quantity: '', discount_percent: '5' },
        { min_quantity: '1' },
      ],
    })).toEqual({
      name: 'Wholesale', currency: 'EUR',
      items: [
        { product_id: 7, min_quantity: '10', price: '17.50', date_from: '2026-01-01' },
        { product_id: 8, min_quantity: '0', discount_percent: '5' },
      ],
    });
  });
});
