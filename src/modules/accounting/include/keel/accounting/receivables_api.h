#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "keel/accounting/accounting_api.h"
#include "keel/core/quantity.h"
#include "keel/core/unit_price.h"

// Receivables and payables: taxes, payment terms, customer invoices and credit notes, vendor
// bills and refunds, payments and their allocation, aging, partner statements, the tax report
// and the period-end revaluation of open foreign documents.
//
// Every ledger effect goes through accounting::post() (or reverse()): this part never writes
// journal tables itself, so every check of the ledger (balance, periods, locks, accounts)
// applies to invoices and payments too. Each function takes the caller's transaction and
// never commits; a function that returns an Error has written nothing the caller must undo
// (the caller's transaction rolls back). Ids of another company are reported as not found.
//
// Error codes (validation unless noted):
//   tax_name_invalid, tax_name_taken (conflict), tax_kind_invalid, tax_scope_invalid,
//   tax_rate_invalid, tax_amount_invalid, tax_not_found (validation on input, not_found on
//   get), tax_scope_mismatch (a purchase tax on a sales document or the reverse),
//   tax_currency_mismatch (a fixed tax in another currency than the document),
//   tax_rounding_invalid,
//   payment_term_name_invalid, payment_term_name_taken (conflict), payment_term_lines_invalid
//   (none, too many, or a negative day count), payment_term_percent_sum_invalid (installments
//   do not sum to 100 %), payment_term_discount_invalid, payment_term_not_found,
//   invoice_type_invalid, invoice_lines_missing, invoice_lines_too_many,
//   invoice_line_quantity_invalid (not positive), invoice_line_price_invalid (negative),
//   invoice_line_discount_invalid (outside 0..100 %), invoice_line_description_invalid,
//   invoice_line_taxes_invalid (over 10 taxes), invoice_reference_invalid (over 300 bytes),
//   invoice_total_not_positive, invoice_origin_too_long, invoice_not_found (not_found),
//   invoice_not_draft (conflict), invoice_not_open (conflict: not posted/partially paid),
//   partner_not_found, currency_invalid / currency_unknown, amount_* (Money parsing),
//   rate_not_found (a foreign document on a date without a rate),
//   payment_direction_invalid, payment_partner_type_invalid, payment_amount_invalid (not
//   positive), payment_journal_invalid (not bank or cash), payment_allocations_too_many
//   (over 1000), payment_reference_invalid (over 300 bytes), payment_not_found (not_found),
//   allocation_amount_invalid (not positive, over the payment's unallocated amount, or over
//   the invoice's residual), allocation_partner_mismatch, allocation_currency_mismatch,
//   allocation_invoice_mismatch (the payment's direction does not settle this document type),
//   allocation_date_invalid (before the invoice or the payment date),
//   offset_type_invalid (set-off of anything but a credit note against a customer invoice or
//   a vendor refund against a bill), offset_amount_invalid (not positive, or over either
//   document's residual),
//   revaluation_date_not_period_end, revaluation_exists (conflict),
//   statement_range_invalid, report_range_invalid, aging_kind_invalid.
// The routes add input_invalid (field errors of the JSON body), list_parameter_invalid and
// date_invalid (query parameters).
// Errors of accounting::post (period_closed, period_locked, account_role_missing, …) pass
// through unchanged.
namespace keel::accounting {

namespace detail {
// Values that structs below start with, because Money, Currency, UnitPrice and Date have no
// default; every struct the functions return has them replaced by real values.
Currency placeholder_currency();
Money placeholder_money();
Date placeholder_date();
UnitPrice placeholder_price();
}  // namespace detail

using TaxId = Id<struct TaxTag>;
using PaymentTermId = Id<struct PaymentTermTag>;
using InvoiceId = Id<struct InvoiceTag>;
using PaymentId = Id<struct PaymentTag>;

// ---- taxes -----------------------------------------------------------------------------------

enum class TaxRounding { per_line, per_document };

struct TaxDraft {
  std::string name;
  std::string kind = "percent";  // percent | fixed
  std::string rate_percent;      // kind percent: "19", "7.5" (Rate::parse_percent)
  std::string amount;            // kind fixed: per unit of quantity, decimal in `currency`
  std::string currency;          // kind fixed only
  bool price_included = false;
  std::string scope = "sales";  // sales | purchase
};

struct Tax {
  TaxId id;
  std::string name;
  std::string kind;
  Rate rate = Rate::zero();     // percent kind
  std::optional<Money> amount;  // fixed kind, per unit
  bool price_included = false;
  std::string scope;
  std::string account_role;  // tax_output (sales) or tax_input (purchase)
};

Result<Tax> create_tax(db::Tx& tx, const Context& context, const TaxDraft& draft);
Result<std::vector<Tax>> list_taxes(db::Tx& tx, const Context& context);
// per_line when the company never chose.
Result<TaxRounding> tax_rounding(db::Tx& tx, const Context& context);
Result<void> set_tax_rounding(db::Tx& tx, const Context& context, TaxRounding rounding);

// ---- payment terms ---------------------------------------------------------------------------

struct PaymentTermDraft {
  std::string name;
  struct Installment {
    std::string percent;  // "30"
    std::int64_t days = 0;
  };
  std::vector<Installment> installments;
  std::string discount_percent;  // "" for none, else "2"
  std::int64_t discount_days = 0;
};

struct PaymentTerm {
  PaymentTermId id;
  std::string name;
  struct Installment {
    Rate rate = Rate::zero();  // share of the total (0.3 for 30 %)
    std::int64_t days = 0;
  };
  std::vector<Installment> installments;
  std::optional<Rate> discount_rate;
  std::int64_t discount_days = 0;
};

Result<PaymentTerm> create_payment_term(db::Tx& tx, const Context& context,
                                        const PaymentTermDraft& draft);
Result<std::vector<PaymentTerm>> list_payment_terms(db::Tx& tx, const Context& context);

// ---- invoices --------------------------------------------------------------------------------

// out_invoice (customer invoice), out_refund (customer credit note), in_invoice (vendor bill),
// in_refund (vendor refund).
enum class InvoiceType { out_invoice, out_refund, in_invoice, in_refund };
std::string_view to_string(InvoiceType type);
Result<InvoiceType> parse_invoice_type(std::string_view text);

struct InvoiceLineDraft {
  std::string description;
  Quantity quantity = Quantity::zero();
  std::int64_t unit_price_e6 = 0;  // UnitPrice millionths, in the invoice currency
  std::string discount_percent;    // "" or "10"
  std::vector<TaxId> tax_ids;
  std::optional<AccountId> account_id;  // default: role revenue (sales) or expense (purchase)
};

struct InvoiceDraft {
  InvoiceType type = InvoiceType::out_invoice;
  partners::PartyId partner_id;
  Date date = detail::placeholder_date();
  std::optional<Date> due_date;  // without payment term; default: the invoice date
  std::string currency;          // default: the company currency
  std::optional<PaymentTermId> payment_term_id;
  std::string origin;  // opaque reference to the origin document, e.g. "sales.order:17"
  std::string reference;
  std::vector<InvoiceLineDraft> lines;
};

struct InvoiceLine {
  int line_no = 0;
  std::string description;
  Quantity quantity = Quantity::zero();
  UnitPrice unit_price = detail::placeholder_price();
  std::optional<Rate> discount_rate;
  std::vector<TaxId> tax_ids;
  AccountId account_id;
  Money untaxed =
      detail::placeholder_money();  // after discount, without (or net of included) taxes
};

struct InvoiceTaxAmount {
  TaxId tax_id;
  Money base = detail::placeholder_money();
  Money amount = detail::placeholder_money();
};

struct Installment {
  int seq = 0;
  Date due_date = detail::placeholder_date();
  Money amount = detail::placeholder_money();
};

struct Invoice {
  InvoiceId id;
  InvoiceType type = InvoiceType::out_invoice;
  std::string state;  // draft | posted | partially_paid | paid | cancelled
  partners::PartyId partner_id;
  Date date = detail::placeholder_date();
  Date due_date = detail::placeholder_date();
  Currency currency = detail::placeholder_currency();
  std::optional<Rate> rate;  // company units per unit of currency, when foreign
  std::optional<PaymentTermId> payment_term_id;
  std::string origin;
  std::string reference;
  std::optional<std::string> number;  // "INV/2026/000001" once posted
  Money untaxed = detail::placeholder_money();
  Money tax = detail::placeholder_money();
  Money total = detail::placeholder_money();
  Money residual = detail::placeholder_money();
  Money total_company = detail::placeholder_money();
  Money residual_company = detail::placeholder_money();
  Money discount_amount =
      detail::placeholder_money();  // early-payment discount available until discount_until
  std::optional<Date> discount_until;
  std::optional<EntryId> entry_id;
  UserId created_by;
  std::vector<InvoiceLine> lines;
  std::vector<InvoiceTaxAmount> taxes;
  std::vector<Installment> installments;
  std::int64_t version = 1;
};

// Stores a draft with its computed totals (taxes by the company's rounding mode).
Result<Invoice> create_invoice(db::Tx& tx, const Context& context, const InvoiceDraft& draft);
Result<Invoice> get_invoice(db::Tx& tx, const Context& context, InvoiceId id);
// The totals an invoice made from `draft` would have (the line checks and the computation of
// create_invoice, taxes by the company's rounding mode), without storing anything: quotes and
// orders show exactly what their invoice will be. A draft without lines totals zero. Fields
// in errors are "lines/<i>/<field>". Errors (validation): currency_invalid,
// invoice_line_quantity_invalid, invoice_line_price_invalid, invoice_line_discount_invalid,
// invoice_line_taxes_invalid, tax_not_found, tax_scope_mismatch, tax_currency_mismatch;
// amount_out_of_range.
struct InvoicePreview {
  Currency currency = detail::placeholder_currency();
  Money untaxed = detail::placeholder_money();
  Money tax = detail::placeholder_money();
  Money total = detail::placeholder_money();
  std::vector<Money> line_untaxed;  // per draft line, after discount, net of included taxes
  std::vector<InvoiceTaxAmount> taxes;
};
Result<InvoicePreview> preview_invoice(db::Tx& tx, const Context& context,
                                       const InvoiceDraft& draft);
// Posts a draft: a gap-free number per type and year, one ledger entry (sales or purchase
// journal): the partner line on the receivable/payable account, one line per revenue/expense
// line, one per tax; foreign invoices at rate_on(date). Installments from the payment term.
Result<Invoice> post_invoice(db::Tx& tx, const Context& context, InvoiceId id);
// Cancels a draft (posted documents are corrected by a credit note).
Result<Invoice> cancel_invoice(db::Tx& tx, const Context& context, InvoiceId id);

struct InvoiceQuery {
  std::optional<InvoiceType> type;
  std::string state;
  std::optional<partners::PartyId> partner_id;
  std::optional<Date> from;          // document date on or after
  std::optional<Date> to;            // document date on or before
  std::optional<UserId> created_by;  // record rule "own"
  std::int64_t after_id = 0;         // cursor
  std::int64_t limit = 50;
};
struct InvoicePage {
  std::vector<Invoice> items;  // without lines
  std::optional<std::int64_t> next_cursor;
};
Result<InvoicePage> list_invoices(db::Tx& tx, const Context& context, const InvoiceQuery& query);

// ---- payments --------------------------------------------------------------------------------

struct AllocationDraft {
  InvoiceId invoice_id;
  std::string amount;  // decimal in the payment currency
};

struct PaymentDraft {
  std::string direction = "inbound";      // inbound (receipt) | outbound (payment)
  std::string partner_type = "customer";  // customer | supplier
  partners::PartyId partner_id;
  Date date = detail::placeholder_date();
  std::string journal = "bank";  // bank | cash
  std::string amount;            // decimal, positive
  std::string currency;          // default: the company currency
  std::string reference;
  std::vector<AllocationDraft> allocations;
};

struct Allocation {
  std::int64_t id = 0;
  InvoiceId invoice_id;
  Date date = detail::placeholder_date();
  Money amount = detail::placeholder_money();
  Money discount = detail::placeholder_money();
  Money fx_company = detail::placeholder_money();  // realized difference, + gain, − loss
};

struct Payment {
  PaymentId id;
  std::string direction;
  std::string partner_type;
  partners::PartyId partner_id;
  Date date = detail::placeholder_date();
  JournalId journal_id;
  Money amount = detail::placeholder_money();
  Money amount_company = detail::placeholder_money();
  Money unallocated =
      detail::placeholder_money();  // a credit on the partner that later allocations can use
  std::optional<Rate> rate;
  std::string reference;
  EntryId entry_id;
  std::vector<Allocation> allocations;
};

// Posts the payment (bank/cash against the partner's receivable or payable account at the
// payment date's rate) and then applies `allocations` in order, as allocate() does.
Result<Payment> register_payment(db::Tx& tx, const Context& context, const PaymentDraft& draft);
// Applies `amount` of the payment's unallocated amount to an invoice on `date`. When the
// date is within the invoice's discount window and the amount plus the discount settles it,
// the discount is taken (posted to discount_given / discount_taken, its tax share back to the
// tax account). A foreign invoice settled at another rate posts the realized difference to
// fx_gain / fx_loss. Moves the invoice to partially_paid or paid.
Result<Payment> allocate(db::Tx& tx, const Context& context, PaymentId id,
                         const AllocationDraft& allocation, Date date);
Result<Payment> get_payment(db::Tx& tx, const Context& context, PaymentId id);
Result<std::vector<Payment>> list_payments(db::Tx& tx, const Context& context,
                                           std::optional<partners::PartyId> partner);

// ---- set-off ---------------------------------------------------------------------------------

// A posted credit note (out_refund) set off against an open customer invoice (out_invoice),
// or a vendor refund (in_refund) against an open bill (in_invoice): the same partner and
// currency, both posted or partially paid. `amount` (document currency) comes off both
// residuals; no money moves. In company currency each document is relieved of its booked
// value (all that remains of it when the set-off settles it); when the two differ (foreign
// documents at different rates) the difference posts to fx_gain / fx_loss in the general
// journal, else nothing is posted (both documents sit on the same control account).
// Errors: invoice_not_found (either, not_found), offset_type_invalid, invoice_not_open,
// allocation_partner_mismatch, allocation_currency_mismatch, offset_amount_invalid,
// allocation_date_invalid (before either document), amount_* (parsing), and post()'s.
struct Offset {
  std::int64_t id = 0;  // the set-off's group id
  InvoiceId credit_id;
  InvoiceId invoice_id;
  Date date = detail::placeholder_date();
  Money amount = detail::placeholder_money();
  Money fx_company = detail::placeholder_money();  // realized difference, + gain, − loss
  std::optional<EntryId> entry_id;
  Invoice credit;   // both documents after the set-off, without lines
  Invoice invoice;
};
Result<Offset> offset_credit(db::Tx& tx, const Context& context, InvoiceId credit_id,
                             InvoiceId invoice_id, const std::string& amount, Date date);

// ---- reports ---------------------------------------------------------------------------------

enum class LedgerSide { receivable, payable };
Result<LedgerSide> parse_ledger_side(std::string_view text);

// Open amounts at `date` per partner in company currency (at each document's rate), bucketed
// by installment due date: current (not yet due), 1-30, 31-60, 61-90, 90+ days overdue;
// credit notes count negative; `unallocated` is payments not yet applied (negative).
struct AgingRow {
  partners::PartyId partner_id;
  Money current = detail::placeholder_money();
  Money days_1_30 = detail::placeholder_money();
  Money days_31_60 = detail::placeholder_money();
  Money days_61_90 = detail::placeholder_money();
  Money days_over_90 = detail::placeholder_money();
  Money unallocated = detail::placeholder_money();
  Money total = detail::placeholder_money();
};
struct AgingReport {
  Date date = detail::placeholder_date();
  LedgerSide side = LedgerSide::receivable;
  std::vector<AgingRow> rows;  // by partner id
  AgingRow totals;             // partner_id 0
};
Result<AgingReport> aging(db::Tx& tx, const Context& context, LedgerSide side, Date date);

// The partner's control-account lines between `from` and `to` (inclusive) with a running
// balance (debit − credit, company currency): opening = balance on the day before `from`.
struct StatementLine {
  Date date = detail::placeholder_date();
  std::string number;
  std::string reference;
  std::string memo;
  Money debit = detail::placeholder_money();
  Money credit = detail::placeholder_money();
  Money balance = detail::placeholder_money();
};
struct Statement {
  partners::PartyId partner_id;
  LedgerSide side = LedgerSide::receivable;
  Date from = detail::placeholder_date();
  Date to = detail::placeholder_date();
  Money opening = detail::placeholder_money();
  Money closing = detail::placeholder_money();
  std::vector<StatementLine> lines;
};
Result<Statement> statement(db::Tx& tx, const Context& context, partners::PartyId partner,
                            LedgerSide side, Date from, Date to);

// Base and tax per tax over posted documents dated in [from, to], in company currency;
// refunds count negative.
struct TaxReportRow {
  TaxId tax_id;
  std::string name;
  std::string scope;
  Money base = detail::placeholder_money();
  Money tax = detail::placeholder_money();
};
Result<std::vector<TaxReportRow>> tax_report(db::Tx& tx, const Context& context, Date from,
                                             Date to);

// One customer's receivables at a glance (the customer 360), from indexed reads only: the
// partner's balance on the receivable control account at `date` (company currency), the open
// amount of its posted customer invoices due before `date` (company currency, at each
// document's rate), how many of its customer invoices and credit notes are open, the average
// days from invoice date to the allocation that settled it, over its customer invoices dated
// in the 365 days before `date` and paid in full by `date` (the latest 500; one decimal,
// absent when none), and its latest `list_limit` customer invoices and credit notes (not
// draft, not cancelled; newest first, without lines) and receipts (newest first).
// The partner is not checked: an unknown one (or another company's) has an empty summary.
// Errors: account_role_missing.
struct PartnerReceivables {
  Money balance = detail::placeholder_money();
  Money overdue = detail::placeholder_money();
  std::int64_t open_documents_count = 0;
  std::optional<std::string> average_days_to_pay;  // "14.5"
  std::vector<Invoice> recent_invoices;
  std::vector<Payment> recent_payments;
};
Result<PartnerReceivables> partner_receivables(db::Tx& tx, const Context& context,
                                               partners::PartyId partner, Date date,
                                               std::int64_t list_limit);

// Revalues every open foreign document at rate_on(date) (date must end a period): one entry
// of kind revaluation in the general journal against unrealized_fx, reversed on date + 1.
struct Revaluation {
  std::int64_t id = 0;
  Date date = detail::placeholder_date();
  std::optional<EntryId> entry_id;  // none when nothing moved
  std::optional<EntryId> reversal_entry_id;
  Money adjustment =
      detail::placeholder_money();  // net change of receivables minus payables, company currency
};
Result<Revaluation> revalue(db::Tx& tx, const Context& context, Date date);

}  // namespace keel::accounting
