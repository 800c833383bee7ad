#include "receivables_domain.h"

#include <map>

#include "keel/core/assert.h"

namespace keel::accounting {

namespace detail {
Currency placeholder_currency() { return Currency::from_code("EUR").value(); }
Money placeholder_money() { return Money::zero(placeholder_currency()); }
Date placeholder_date() { return Date::from_ymd(2000, 1, 1).value(); }
UnitPrice placeholder_price() {
  return UnitPrice::from_value_e6(0, placeholder_currency()).value();
}
}  // namespace detail

namespace receivables {
namespace {

using decimal::Int128;
constexpr Int128 kE18 = static_cast<Int128>(1'000'000'000'000'000'000LL);

Result<Money> from_int128(Int128 minor_units, Currency currency) {
  if (minor_units > Money::kMinorUnitsMax || minor_units < -Money::kMinorUnitsMax) {
    return decimal::error("amount", "out_of_range", "is out of range");
  }
  return Money::from_minor_units(static_cast<std::int64_t>(minor_units), currency);
}

// The line amount after its discount, before any tax is taken out or added.
Result<Money> line_net(const LineInput& line) {
  const Money gross = TRY(line.unit_price.times(line.quantity, Rounding::half_up));
  if (!line.discount) return gross;
  const Money discount = TRY(line.discount->apply(gross, Rounding::half_up));
  return gross.subtract(discount);
}

// Splits a line's net amount into its base and the price-included taxes.
struct IncludedSplit {
  Money base;
  std::vector<std::pair<TaxId, Money>> taxes;
};

Result<IncludedSplit> take_out_included(const Money& net, const std::vector<TaxSpec>& taxes) {
  Int128 rates = 0;
  std::vector<std::int64_t> weights;
  std::vector<TaxId> ids;
  for (const auto& tax : taxes) {
    if (!tax.price_included || tax.fixed) continue;
    rates += rate_e18(tax.rate);
    weights.push_back(static_cast<std::int64_t>(rate_e18(tax.rate)));
    ids.push_back(tax.id);
  }
  IncludedSplit split{net, {}};
  if (ids.empty() || rates == 0) return split;
  const Int128 base = decimal::divide_rounded(static_cast<Int128>(net.minor_units()) * kE18,
                                              kE18 + rates, Rounding::half_up);
  split.base = TRY(from_int128(base, net.currency()));
  const Money included = TRY(net.subtract(split.base));
  const std::vector<Money> parts = TRY(included.allocate(weights));
  for (std::size_t i = 0; i < ids.size(); ++i) split.taxes.emplace_back(ids[i], parts[i]);
  return split;
}

// Accumulates base and tax per tax id, in order of first use.
class TaxBook {
 public:
  explicit TaxBook(Currency currency) : m_currency(currency) {}
  Result<void> add(TaxId id, const Money& base, const Money& amount) {
    auto [it, inserted] = m_index.try_emplace(id.value(), m_rows.size());
    if (inserted) m_rows.push_back({id, Money::zero(m_currency), Money::zero(m_currency)});
    InvoiceTaxAmount& row = m_rows[it->second];
    row.base = TRY(row.base.add(base));
    row.amount = TRY(row.amount.add(amount));
    return Ok{};
  }
  std::vector<InvoiceTaxAmount>& rows() { return m_rows; }

 private:
  Currency m_currency;
  std::map<std::int64_t, std::size_t> m_index;
  std::vector<InvoiceTaxAmount> m_rows;
};

}  // namespace

Int128 rate_e18(const Rate& rate) {
  return static_cast<Int128>(rate.mantissa()) * decimal::pow10(Rate::kScaleMax - rate.scale());
}

Result<Totals> compute_totals(Currency currency, const std::vector<LineInput>& lines,
                              TaxRounding rounding) {
  Totals totals;
  totals.untaxed = Money::zero(currency);
  totals.tax = Money::zero(currency);
  TaxBook book(currency);
  std::map<std::int64_t, const TaxSpec*> deferred;  // per_document excluded percent taxes
  for (const auto& line : lines) {
    const Money net = TRY(line_net(line));
    const IncludedSplit split = TRY(take_out_included(net, line.taxes));
    totals.line_untaxed.push_back(split.base);
    totals.untaxed = TRY(totals.untaxed.add(split.base));
    for (const auto& [id, amount] : split.taxes) TRY(book.add(id, split.base, amount));
    for (const auto& tax : line.taxes) {
      if (tax.price_included && !tax.fixed) continue;
      Money amount = Money::zero(currency);
      if (tax.fixed) {
        const UnitPrice per_unit = TRY(UnitPrice::from_money(*tax.per_unit));
        amount = TRY(per_unit.times(line.quantity, Rounding::half_up));
      } else if (rounding == TaxRounding::per_line) {
        amount = TRY(tax.rate.apply(split.base, Rounding::half_up));
      } else {
        deferred[tax.id.value()] = &tax;  // rounded once, on the summed base, below
      }
      TRY(book.add(tax.id, split.base, amount));
    }
  }
  for (auto& row : book.rows()) {
    if (const auto found = deferred.find(row.tax_id.value()); found != deferred.end()) {
      row.amount = TRY(found->second->rate.apply(row.base, Rounding::half_up));
    }
    totals.tax = TRY(totals.tax.add(row.amount));
  }
  totals.taxes = std::move(book.rows());
  totals.total = TRY(totals.untaxed.add(totals.tax));
  return totals;
}

Result<std::vector<Installment>> installments_of(const Money& total, Date date, Date due_date,
                                                 const std::optional<PaymentTerm>& term) {
  std::vector<Installment> out;
  if (!term || term->installments.empty()) {
    out.push_back({1, due_date, total});
    return out;
  }
  std::vector<std::int64_t> weights;
  for (const auto& part : term->installments) {
    weights.push_back(static_cast<std::int64_t>(rate_e18(part.rate)));
  }
  const std::vector<Money> amounts = TRY(total.allocate(weights));
  for (std::size_t i = 0; i < amounts.size(); ++i) {
    const Date due = TRY(date.add_days(term->installments[i].days));
    out.push_back({static_cast<int>(i + 1), due, amounts[i]});
  }
  return out;
}

Result<Money> to_company(const Money& amount, const std::optional<Rate>& rate,
                         Currency company_currency) {
  if (!rate) return amount;
  return rate->convert(amount, company_currency, Rounding::half_even);
}

int aging_bucket(Date due_date, Date as_of) {
  const std::int64_t overdue = as_of.days_since_epoch() - due_date.days_since_epoch();
  if (overdue <= 0) return 0;
  if (overdue <= 30) return 1;
  if (overdue <= 60) return 2;
  if (overdue <= 90) return 3;
  return 4;
}

}  // namespace receivables
}  // namespace keel::accounting
