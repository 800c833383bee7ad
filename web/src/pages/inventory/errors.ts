// The inventory refusals a user meets at the counter or in the warehouse, in each language.
// src/i18n/index.ts merges them into `apiErrors`, which lib/apiMessage.ts shows instead of the
// server's English words (test/i18n.test.ts checks every language has every key).
import type { Language } from '../../lib/format';

const en = {
  product_category_locked: 'This product holds stock valued by its category; choose a category valued the same way, or change it once the stock is out.',
  stock_insufficient: 'Not enough stock is available.',
  move_quantity_invalid: 'Enter a positive quantity with no more decimals than the unit allows.',
  product_not_stockable: 'Services and product templates hold no stock.',
  location_not_internal: 'Choose a location inside a warehouse.',
  move_locations_same: 'Choose two different locations.',
  lot_required: 'This product is tracked: give the lot or serial number.',
  lot_quantity_mismatch: 'The lot quantities do not add up to the quantity.',
  serial_quantity_invalid: 'A serial number is for exactly one unit.',
  serial_in_stock: 'This serial number is already in stock.',
  lot_expired: 'This lot is past its expiry date.',
  sku_taken: 'Another product already has this SKU.',
  barcode_taken: 'Another product already has this barcode.',
  barcode_check_digit_invalid: 'The barcode’s check digit is wrong.',
  count_quantity_invalid: 'Enter the counted quantity (zero or more).',
  reorder_rule_exists: 'This product already has a reorder rule in this warehouse.',
  warehouse_code_taken: 'Another warehouse already has this code.',
};
type Messages = typeof en;

const fa: Messages = {
  product_category_locked: 'این کالا موجودی دارد که با روش ارزش‌گذاری دستهٔ فعلی ثبت شده است؛ دسته‌ای با همان روش ارزش‌گذاری انتخاب کنید یا پس از خروج موجودی آن را تغییر دهید.',
  stock_insufficient: 'موجودی کافی در دسترس نیست.',
  move_quantity_invalid: 'مقداری مثبت با اعشاری نه بیش از آنچه واحد اجازه می‌دهد وارد کنید.',
  product_not_stockable: 'خدمات و الگوهای کالا موجودی ندارند.',
  location_not_internal: 'مکانی درون یک انبار انتخاب کنید.',
  move_locations_same: 'دو مکان متفاوت انتخاب کنید.',
  lot_required: 'این کالا ردیابی می‌شود: شماره بچ یا سریال را وارد کنید.',
  lot_quantity_mismatch: 'جمع مقادیر بچ‌ها با مقدار برابر نیست.',
  serial_quantity_invalid: 'هر شماره سریال برای دقیقاً یک واحد است.',
  serial_in_stock: 'این شماره سریال از قبل در انبار است.',
  lot_expired: 'تاریخ انقضای این بچ گذشته است.',
  sku_taken: 'کالای دیگری همین کد کالا (SKU) را دارد.',
  barcode_taken: 'کالای دیگری همین بارکد را دارد.',
  barcode_check_digit_invalid: 'رقم کنترلی بارکد نادرست است.',
  count_quantity_invalid: 'مقدار شمارش‌شده را وارد کنید (صفر یا بیشتر).',
  reorder_rule_exists: 'این کالا در این انبار از قبل قانون سفارش مجدد دارد.',
  warehouse_code_taken: 'انبار دیگری همین کد را دارد.',
};

const he: Messages = {
  product_category_locked: 'למוצר זה מלאי המוערך לפי הקטגוריה שלו; בחרו קטגוריה המוערכת באותו אופן, או שנו אותה לאחר שהמלאי יצא.',
  stock_insufficient: 'אין מספיק מלאי זמין.',
  move_quantity_invalid: 'הזינו כמות חיובית ללא יותר ספרות עשרוניות ממה שהיחידה מאפשרת.',
  product_not_stockable: 'לשירותים ולתבניות מוצר אין מלאי.',
  location_not_internal: 'בחרו מיקום בתוך מחסן.',
  move_locations_same: 'בחרו שני מיקומים שונים.',
  lot_required: 'המוצר הזה במעקב: הזינו מספר אצווה או מספר סידורי.',
  lot_quantity_mismatch: 'כמויות האצוות אינן מסתכמות בכמות.',
  serial_quantity_invalid: 'מספר סידורי הוא ליחידה אחת בדיוק.',
  serial_in_stock: 'המספר הסידורי הזה כבר במלאי.',
  lot_expired: 'תוקף האצווה הזו פג.',
  sku_taken: 'למוצר אחר כבר יש את המק״ט הזה.',
  barcode_taken: 'למוצר אחר כבר יש את הברקוד הזה.',
  barcode_check_digit_invalid: 'ספרת הביקורת של הברקוד שגויה.',
  count_quantity_invalid: 'הזינו את הכמות שנספרה (אפס או יותר).',
  reorder_rule_exists: 'למוצר הזה כבר יש כלל הזמנה חוזרת במחסן הזה.',
  warehouse_code_taken: 'למחסן אחר כבר יש את הקוד הזה.',
};

const zh: Messages = {
  product_category_locked: '该产品有按其类别计价的库存；请选择计价方式相同的类别，或在库存出清后再更改。',
  stock_insufficient: '可用库存不足。',
  move_quantity_invalid: '请输入正数，小数位数不得超过单位允许的位数。',
  product_not_stockable: '服务和产品模板没有库存。',
  location_not_internal: '请选择仓库内的库位。',
  move_locations_same: '请选择两个不同的库位。',
  lot_required: '此产品需要追踪：请填写批号或序列号。',
  lot_quantity_mismatch: '各批次数量之和与数量不符。',
  serial_quantity_invalid: '一个序列号只对应一个单位。',
  serial_in_stock: '此序列号已在库存中。',
  lot_expired: '此批次已过有效期。',
  sku_taken: '已有其他产品使用此 SKU。',
  barcode_taken: '已有其他产品使用此条码。',
  barcode_check_digit_invalid: '条码校验位错误。',
  count_quantity_invalid: '请输入盘点数量（零或以上）。',
  reorder_rule_exists: '此产品在该仓库已有补货规则。',
  warehouse_code_taken: '已有其他仓库使用此代码。',
};

const lt: Messages = {
  product_category_locked: 'Ši prekė turi atsargų, įvertintų pagal jos kategoriją; pasirinkite taip pat vertinamą kategoriją arba pakeiskite ją, kai atsargos bus išduotos.',
  stock_insufficient: 'Nepakanka laisvų atsargų.',
  move_quantity_invalid: 'Įveskite teigiamą kiekį, ne daugiau skaitmenų po kablelio, nei leidžia matavimo vienetas.',
  product_not_stockable: 'Paslaugos ir prekių šablonai atsargų neturi.',
  location_not_internal: 'Pasirinkite vietą sandėlyje.',
  move_locations_same: 'Pasirinkite dvi skirtingas vietas.',
  lot_required: 'Ši prekė sekama: nurodykite partijos ar serijos numerį.',
  lot_quantity_mismatch: 'Partijų kiekių suma nesutampa su kiekiu.',
  serial_quantity_invalid: 'Serijos numeris skirtas lygiai vienam vienetui.',
  serial_in_stock: 'Šis serijos numeris jau yra sandėlyje.',
  lot_expired: 'Šios partijos galiojimo laikas pasibaigęs.',
  sku_taken: 'Kita prekė jau turi šį SKU.',
  barcode_taken: 'Kita prekė jau turi šį brūkšninį kodą.',
  barcode_check_digit_invalid: 'Neteisingas brūkšninio kodo kontrolinis skaitmuo.',
  count_quantity_invalid: 'Įveskite suskaičiuotą kiekį (nulį ar daugiau).',
  reorder_rule_exists: 'Ši prekė šiame sandėlyje jau turi papildymo taisyklę.',
  warehouse_code_taken: 'Kitas sandėlis jau turi šį kodą.',
};

export const INVENTORY_ERRORS: Record<Language, Messages> = { en, fa, he, zh, lt };
