// The totals of an invoice draft without storing it: the same line checks and the same
// compute_totals() as create_invoice, so a quote's or an order's totals are exactly what its
// invoice will be.
#include "keel/accounting/receivables_api.h"
#include "receivables_internal.h"

namespace keel::accounting {

Result<InvoicePreview> preview_invoice(db::Tx& tx, const Context& context,
                                       const InvoiceDraft& draft) {
  using receivables::kLineTaxesMax;
  using receivables::LineInput;
  const Currency currency = TRY(receivables::currency_or_company(draft.currency, context));
  std::vector<LineInput> inputs;
  inputs.reserve(draft.lines.size());
  for (std::size_t i = 0; i < draft.lines.size(); ++i) {
    const auto& line = draft.lines[i];
    const std::string prefix = "lines/" + std::to_string(i) + "/";
    if (line.quantity.is_negative() || line.quantity.is_zero()) {
      return Error::validation("invoice_line_quantity_invalid", "quantity must be positive",
                               prefix + "quantity");
    }
    if (line.unit_price_e6 < 0) {
      return Error::validation("invoice_line_price_invalid", "unit price must not be negative",
                               prefix + "unit_price");
    }
    LineInput input;
    input.quantity = line.quantity;
    input.unit_price = TRY(UnitPrice::from_value_e6(line.unit_price_e6, currency));
    if (!line.discount_percent.empty()) {
      auto rate = Rate::parse_percent(line.discount_percent);
      if (!rate.ok() || *rate < Rate::zero() || *rate > Rate::one()) {
        return Error::validation("invoice_line_discount_invalid", "a percentage from 0 to 100",
                                 prefix + "discount_percent");
      }
      if (!rate->is_zero()) input.discount = *rate;
    }
    if (line.tax_ids.size() > kLineTaxesMax) {
      return Error::validation("invoice_line_taxes_invalid", "at most 10 taxes",
                               prefix + "tax_ids");
    }
    const bool sales = draft.type == InvoiceType::out_invoice ||
                       draft.type == InvoiceType::out_refund;
    for (const auto& id : line.tax_ids) {
      auto loaded = receivables::load_tax(tx, context, id);
      if (!loaded.ok()) {
        return Error::validation("tax_not_found", loaded.error().message(), prefix + "tax_ids");
      }
      if ((loaded->scope == "sales") != sales) {
        return Error::validation("tax_scope_mismatch",
                                 loaded->name + " is a " + loaded->scope + " tax",
                                 prefix + "tax_ids");
      }
      if (loaded->amount && !(loaded->amount->currency() == currency)) {
        return Error::validation("tax_currency_mismatch",
                                 loaded->name + " is an amount in another currency",
                                 prefix + "tax_ids");
      }
      input.taxes.push_back({loaded->id, loaded->kind == "fixed", loaded->rate, loaded->amount,
                             loaded->price_included});
    }
    inputs.push_back(std::move(input));
  }
  const TaxRounding rounding = TRY(tax_rounding(tx, context));
  if (inputs.empty()) {
    InvoicePreview empty{currency, Money::zero(currency), Money::zero(currency),
                         Money::zero(currency), {}, {}};
    return empty;
  }
  auto totals = TRY(receivables::compute_totals(currency, inputs, rounding));
  return InvoicePreview{currency,
                        totals.untaxed,
                        totals.tax,
                        totals.total,
                        std::move(totals.line_untaxed),
                        std::move(totals.taxes)};
}

}  // namespace keel::accounting
