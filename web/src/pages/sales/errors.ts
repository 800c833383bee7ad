// The sales refusals a user meets while quoting, confirming, scanning, shipping and invoicing,
// in each language. src/i18n/index.ts merges them into `apiErrors`, which lib/apiMessage.ts
// shows instead of the server's English words (test/i18n.test.ts checks every language has
// every key).
import type { Language } from '../../lib/format';

const en = {
  credit_limit_exceeded: 'The order would pass the customer’s credit limit.',
  order_not_cancellable: 'The order can no longer be cancelled: something was delivered or invoiced.',
  order_state_invalid: 'The order is not in a state that allows this.',
  order_nothing_to_invoice: 'Nothing on this order is left to invoice.',
  quote_expired: 'The quote is past its validity date.',
  quote_approval_required: 'The discount needs an approver first.',
  configuration_incomplete: 'Choose the product’s options.',
  configuration_incompatible: 'These options cannot be combined.',
  delivery_code_unknown: 'No product has this SKU or barcode.',
  delivery_product_not_in_delivery: 'This product is not on the delivery.',
  delivery_quantity_exceeded: 'More than the delivery asks for.',
  delivery_state_invalid: 'The delivery is not at the step that allows this.',
  delivery_carrier_missing: 'Name the carrier.',
};
type Messages = typeof en;

const fa: Messages = {
  credit_limit_exceeded: 'این سفارش از سقف اعتبار مشتری بیشتر می‌شود.',
  order_not_cancellable: 'سفارش دیگر لغوشدنی نیست: بخشی از آن تحویل یا فاکتور شده است.',
  order_state_invalid: 'وضعیت سفارش اجازهٔ این کار را نمی‌دهد.',
  order_nothing_to_invoice: 'چیزی از این سفارش برای فاکتور باقی نمانده است.',
  quote_expired: 'مهلت اعتبار پیش‌فاکتور گذشته است.',
  quote_approval_required: 'این تخفیف ابتدا به تأیید نیاز دارد.',
  configuration_incomplete: 'گزینه‌های کالا را انتخاب کنید.',
  configuration_incompatible: 'این گزینه‌ها با هم سازگار نیستند.',
  delivery_code_unknown: 'هیچ کالایی این کد کالا یا بارکد را ندارد.',
  delivery_product_not_in_delivery: 'این کالا در این حواله نیست.',
  delivery_quantity_exceeded: 'بیش از مقدار خواسته‌شده در حواله است.',
  delivery_state_invalid: 'حواله در مرحله‌ای نیست که این کار را اجازه دهد.',
  delivery_carrier_missing: 'نام حمل‌کننده را وارد کنید.',
};

const he: Messages = {
  credit_limit_exceeded: 'ההזמנה תחרוג ממסגרת האשראי של הלקוח.',
  order_not_cancellable: 'כבר אי אפשר לבטל את ההזמנה: חלק ממנה סופק או חויב.',
  order_state_invalid: 'מצב ההזמנה אינו מאפשר זאת.',
  order_nothing_to_invoice: 'לא נותר בהזמנה הזו דבר לחייב.',
  quote_expired: 'תוקף הצעת המחיר פג.',
  quote_approval_required: 'ההנחה דורשת אישור תחילה.',
  configuration_incomplete: 'בחרו את אפשרויות המוצר.',
  configuration_incompatible: 'אי אפשר לשלב את האפשרויות האלה.',
  delivery_code_unknown: 'לאף מוצר אין את המק״ט או הברקוד הזה.',
  delivery_product_not_in_delivery: 'המוצר הזה אינו במשלוח.',
  delivery_quantity_exceeded: 'יותר ממה שהמשלוח מבקש.',
  delivery_state_invalid: 'המשלוח אינו בשלב שמאפשר זאת.',
  delivery_carrier_missing: 'ציינו את המוביל.',
};

const zh: Messages = {
  credit_limit_exceeded: '此订单将超出客户的信用额度。',
  order_not_cancellable: '订单已无法取消：部分已发货或已开票。',
  order_state_invalid: '订单当前状态不允许此操作。',
  order_nothing_to_invoice: '此订单已无可开票的内容。',
  quote_expired: '报价单已过有效期。',
  quote_approval_required: '此折扣需要先经审批。',
  configuration_incomplete: '请选择产品选项。',
  configuration_incompatible: '这些选项不能组合。',
  delivery_code_unknown: '没有产品使用此 SKU 或条码。',
  delivery_product_not_in_delivery: '此产品不在该发货单上。',
  delivery_quantity_exceeded: '超过发货单要求的数量。',
  delivery_state_invalid: '发货单当前步骤不允许此操作。',
  delivery_carrier_missing: '请填写承运商。',
};

const lt: Messages = {
  credit_limit_exceeded: 'Užsakymas viršytų kliento kredito limitą.',
  order_not_cancellable: 'Užsakymo atšaukti nebegalima: dalis jau pristatyta ar išrašyta sąskaita.',
  order_state_invalid: 'Užsakymo būsena to neleidžia.',
  order_nothing_to_invoice: 'Šiame užsakyme nebeliko ko įtraukti į sąskaitą.',
  quote_expired: 'Pasiūlymo galiojimo laikas pasibaigęs.',
  quote_approval_required: 'Nuolaidą pirmiausia turi patvirtinti tvirtintojas.',
  configuration_incomplete: 'Pasirinkite prekės parinktis.',
  configuration_incompatible: 'Šių parinkčių negalima derinti.',
  delivery_code_unknown: 'Jokia prekė neturi šio SKU ar brūkšninio kodo.',
  delivery_product_not_in_delivery: 'Šios prekės šiame pristatyme nėra.',
  delivery_quantity_exceeded: 'Daugiau, nei prašoma pristatyme.',
  delivery_state_invalid: 'Pristatymas ne tame etape, kuriame tai leidžiama.',
  delivery_carrier_missing: 'Nurodykite vežėją.',
};

export const SALES_ERRORS: Record<Language, Messages> = { en, fa, he, zh, lt };
