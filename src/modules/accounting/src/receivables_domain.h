#pragma once

// Pure computations of the receivables part: line and tax totals under both rounding modes,
// installments, discounts, currency conversion and aging buckets. No SQL, no I/O.
#include <optional>
#include <vector>

#include "keel/accounting/receivables_api.h"

namespace keel::accounting::receivables {

// A tax as the computation needs it.
struct TaxSpec {
  TaxId id;
  bool fixed = false;
  Rate rate = Rate::zero();       // percent taxes
  std::optional<Money> per_unit;  // fixed taxes, in the document currency
  bool price_included = false;
};

struct LineInput {
  Quantity quantity = Quantity::zero();
  UnitPrice unit_price = detail::placeholder_price();
  std::optional<Rate> discount;
  std::vector<TaxSpec> taxes;
};

struct Totals {
  std::vector<Money> line_untaxed;      // per input line
  std::vector<InvoiceTaxAmount> taxes;  // per tax, in order of first use
  Money untaxed = detail::placeholder_money();
  Money tax = detail::placeholder_money();
  Money total = detail::placeholder_money();
};

// The document's totals in `currency`. Line amount = unit price × quantity (half_up), less
// the discount (half_up). Price-included percent taxes are taken out of the line per line
// (base = amount / (1 + Σ rates), half_up; the included tax split between the taxes by
// largest remainder), so a line's amount never changes with the rounding mode. Excluded
// percent taxes: per_line rounds each line's tax (half_up) and sums; per_document sums the
// bases per tax and rounds once (half_up). Fixed taxes: per-unit amount × quantity (half_up).
// Errors: amount_out_of_range.
Result<Totals> compute_totals(Currency currency, const std::vector<LineInput>& lines,
                              TaxRounding rounding);

// The installments of `total` for a payment term: shares by largest remainder (they sum to
// the total exactly), due `days` after `date`. Without a term: one installment due on
// `due_date`. Errors: date_out_of_range.
Result<std::vector<Installment>> installments_of(const Money& total, Date date, Date due_date,
                                                 const std::optional<PaymentTerm>& term);

// `amount` in the company currency: itself when rate is empty, else converted (half_even).
Result<Money> to_company(const Money& amount, const std::optional<Rate>& rate,
                         Currency company_currency);

// 0 current (not yet due), 1: 1-30, 2: 31-60, 3: 61-90, 4: over 90 days overdue.
int aging_bucket(Date due_date, Date as_of);

// Sum of rate values as a 10^-18 fixed-point integer (rates are ≤ 18 decimals).
decimal::Int128 rate_e18(const Rate& rate);

}  // namespace keel::accounting::receivables
