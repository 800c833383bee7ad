// Taxes, the company's tax rounding mode, payment terms, and the helpers shared by the
// receivables sources.
#include <nlohmann/json.hpp>

#include "keel/audit/audit.h"
#include "keel/core/limits.h"
#include "keel/core/utf8.h"
#include "receivables_internal.h"

namespace keel::accounting {
namespace receivables {

std::string now_text(const Context& context) { return format_instant(context.clock->now()); }

Result<Currency> currency_or_company(std::string_view code, const Context& context) {
  if (code.empty()) return context.company_currency;
  return Currency::from_code(code);
}

Result<void> require_partner(db::Tx& tx, const Context& context, partners::PartyId partner,
                             std::string_view field) {
  const auto found = partners::get_party(tx, partners::Caller::system(context.company_id), partner);
  if (!found.ok()) {
    if (found.error().kind() != ErrorKind::not_found) return Error(found.error());
    return Error::validation("partner_not_found", "no partner " + std::to_string(partner.value()),
                             std::string(field));
  }
  return Ok{};
}

Result<void> audit_change(db::Tx& tx, const Context& context, std::string action,
                          std::string entity, std::int64_t id, nlohmann::json after) {
  return audit::record(tx, *context.clock,
                       {context.company_id, context.user_id, std::move(action), std::move(entity),
                        std::to_string(id), nullptr, std::move(after), context.request_id});
}

int partner_sign(InvoiceType type) {
  return type == InvoiceType::out_invoice || type == InvoiceType::in_refund ? 1 : -1;
}
bool is_sales(InvoiceType type) {
  return type == InvoiceType::out_invoice || type == InvoiceType::out_refund;
}
std::string_view partner_role(InvoiceType type) {
  return is_sales(type) ? role::kReceivable : role::kPayable;
}

LineDraft signed_line(AccountId account, const Money& company, std::optional<Money> foreign,
                      std::optional<Rate> rate, std::string label,
                      std::optional<partners::PartyId> partner) {
  LineDraft line = company.is_negative()
                       ? LineDraft::credit_of(account, company.negated(), std::move(label))
                       : LineDraft::debit_of(account, company, std::move(label));
  line.partner_id = partner;
  if (foreign) {
    line.amount_currency = foreign;
    line.rate = rate;
  }
  return line;
}

Result<std::optional<Rate>> rate_for(db::Tx& tx, const Context& context, Currency currency,
                                     Date date) {
  if (currency == context.company_currency) return std::optional<Rate>{};
  const Rate rate = TRY(rate_on(tx, context.company_id, currency, date));
  return std::optional<Rate>{rate};
}

std::optional<Rate> parse_stored_rate(const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto rate = Rate::parse(text);
  KEEL_ASSERT(rate.ok());  // written by this module from a valid Rate
  return *rate;
}

namespace {

Result<Tax> tax_from_row(const db::Row& row) {
  Tax tax;
  tax.id = TaxId{row.integer(0)};
  tax.name = row.text(1);
  tax.kind = row.text(2);
  if (tax.kind == "percent") {
    tax.rate = *parse_stored_rate(row.text(3));
  } else {
    const Currency currency = TRY(Currency::from_code(row.text(5)));
    tax.amount = TRY(Money::from_minor_units(row.integer(4), currency));
  }
  tax.price_included = row.integer(6) == 1;
  tax.scope = row.text(7);
  tax.account_role = row.text(8);
  return tax;
}

constexpr std::string_view kTaxColumns =
    "id, name, kind, rate, amount, currency, price_included, scope, account_role";

// The validated tax, not yet stored.
Result<Tax> validate_tax(const TaxDraft& draft) {
  Tax tax;
  if (draft.name.empty() || draft.name.size() > limits::kNameLengthMax ||
      !is_valid_utf8(draft.name)) {
    return Error::validation("tax_name_invalid", "a tax needs a name", "name");
  }
  tax.name = draft.name;
  if (draft.scope != "sales" && draft.scope != "purchase") {
    return Error::validation("tax_scope_invalid", "scope is sales or purchase", "scope");
  }
  tax.scope = draft.scope;
  tax.account_role = draft.scope == "sales" ? role::kTaxOutput : role::kTaxInput;
  tax.kind = draft.kind;
  tax.price_included = draft.price_included;
  if (draft.kind == "percent") {
    auto rate = Rate::parse_percent(draft.rate_percent);
    if (!rate.ok() || *rate < Rate::zero() || *rate > Rate::one()) {
      return Error::validation("tax_rate_invalid", "a percentage from 0 to 100", "rate_percent");
    }
    tax.rate = *rate;
  } else if (draft.kind == "fixed") {
    if (draft.price_included) {
      return Error::validation("tax_kind_invalid", "a fixed tax cannot be included in the price",
                               "price_included");
    }
    const Currency currency = TRY(Currency::from_code(draft.currency));
    auto amount = Money::parse(draft.amount, currency);
    if (!amount.ok() || amount->is_negative()) {
      return Error::validation("tax_amount_invalid", "a fixed tax is an amount ≥ 0", "amount");
    }
    tax.amount = *amount;
  } else {
    return Error::validation("tax_kind_invalid", "kind is percent or fixed", "kind");
  }
  return tax;
}

}  // namespace

Result<Tax> load_tax(db::Tx& tx, const Context& context, TaxId id) {
  const auto row = TRY(tx.query_one("SELECT " + std::string(kTaxColumns) +
                                        " FROM accounting_taxes WHERE company_id = $1 AND id = $2",
                                    {context.company_id.value(), id.value()}));
  if (!row) return Error::not_found("tax_not_found", "no tax " + std::to_string(id.value()));
  return tax_from_row(*row);
}

Result<PaymentTerm> load_payment_term(db::Tx& tx, const Context& context, PaymentTermId id) {
  const auto row = TRY(
      tx.query_one("SELECT id, name, discount_rate, discount_days FROM accounting_payment_terms "
                   "WHERE company_id = $1 AND id = $2",
                   {context.company_id.value(), id.value()}));
  if (!row) {
    return Error::not_found("payment_term_not_found",
                            "no payment term " + std::to_string(id.value()));
  }
  PaymentTerm term;
  term.id = PaymentTermId{row->integer(0)};
  term.name = row->text(1);
  term.discount_rate = parse_stored_rate(row->text(2));
  term.discount_days = row->integer(3);
  const auto lines = TRY(tx.query(
      "SELECT rate, days FROM accounting_payment_term_lines WHERE term_id = $1 ORDER BY seq",
      {id.value()}));
  for (const auto& line : lines) {
    term.installments.push_back({*parse_stored_rate(line.text(0)), line.integer(1)});
  }
  return term;
}

}  // namespace receivables

using namespace receivables;

Result<Tax> create_tax(db::Tx& tx, const Context& context, const TaxDraft& draft) {
  Tax tax = TRY(validate_tax(draft));
  const auto taken =
      TRY(tx.query_one("SELECT id FROM accounting_taxes WHERE company_id = $1 AND name = $2",
                       {context.company_id.value(), tax.name}));
  if (taken) return Error::conflict("tax_name_taken", "a tax named " + tax.name + " exists");
  const auto rows = TRY(tx.query(
      "INSERT INTO accounting_taxes (company_id, name, kind, rate, amount, currency, "
      "price_included, scope, account_role, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
      {context.company_id.value(), tax.name, tax.kind,
       tax.kind == "percent" ? tax.rate.to_string() : std::string(),
       tax.amount ? tax.amount->minor_units() : std::int64_t{0},
       tax.amount ? std::string(tax.amount->currency().code()) : std::string(),
       std::int64_t{tax.price_included ? 1 : 0}, tax.scope, tax.account_role, now_text(context)}));
  tax.id = TaxId{rows.at(0).integer(0)};
  TRY(audit_change(tx, context, "create", "accounting.tax", tax.id.value(),
                   {{"name", tax.name}, {"kind", tax.kind}, {"scope", tax.scope}}));
  return tax;
}

Result<std::vector<Tax>> list_taxes(db::Tx& tx, const Context& context) {
  const auto rows = TRY(tx.query("SELECT " + std::string(kTaxColumns) +
                                     " FROM accounting_taxes WHERE company_id = $1 ORDER BY id",
                                 {context.company_id.value()}));
  std::vector<Tax> out;
  for (const auto& row : rows) out.push_back(TRY(tax_from_row(row)));
  return out;
}

Result<TaxRounding> tax_rounding(db::Tx& tx, const Context& context) {
  const auto row =
      TRY(tx.query_one("SELECT rounding FROM accounting_tax_settings WHERE company_id = $1",
                       {context.company_id.value()}));
  if (row && row->text(0) == "per_document") return TaxRounding::per_document;
  return TaxRounding::per_line;
}

Result<void> set_tax_rounding(db::Tx& tx, const Context& context, TaxRounding rounding) {
  const std::string text = rounding == TaxRounding::per_line ? "per_line" : "per_document";
  TRY(
      tx.execute("INSERT INTO accounting_tax_settings (company_id, rounding) VALUES ($1, $2) "
                 "ON CONFLICT (company_id) DO UPDATE SET rounding = excluded.rounding, "
                 "version = accounting_tax_settings.version + 1",
                 {context.company_id.value(), text}));
  return audit_change(tx, context, "update", "accounting.tax_settings", context.company_id.value(),
                      {{"rounding", text}});
}

namespace {

Result<PaymentTerm> validate_term(const PaymentTermDraft& draft) {
  PaymentTerm term;
  if (draft.name.empty() || draft.name.size() > limits::kNameLengthMax ||
      !is_valid_utf8(draft.name)) {
    return Error::validation("payment_term_name_invalid", "a payment term needs a name", "name");
  }
  term.name = draft.name;
  if (draft.installments.empty() || draft.installments.size() > kTermInstallmentsMax) {
    return Error::validation("payment_term_lines_invalid", "1 to 24 installments", "installments");
  }
  decimal::Int128 sum = 0;
  for (std::size_t i = 0; i < draft.installments.size(); ++i) {
    const auto& part = draft.installments[i];
    auto rate = Rate::parse_percent(part.percent);
    const std::string field = "installments/" + std::to_string(i);
    if (!rate.ok() || !rate->is_positive()) {
      return Error::validation("payment_term_lines_invalid", "a positive percentage",
                               field + "/percent");
    }
    if (part.days < 0 || part.days > kTermDaysMax) {
      return Error::validation("payment_term_lines_invalid", "days from 0 to 3650",
                               field + "/days");
    }
    sum += rate_e18(*rate);
    term.installments.push_back({*rate, part.days});
  }
  if (sum != rate_e18(Rate::one())) {
    return Error::validation("payment_term_percent_sum_invalid", "installments must sum to 100 %",
                             "installments");
  }
  if (!draft.discount_percent.empty()) {
    auto rate = Rate::parse_percent(draft.discount_percent);
    if (!rate.ok() || !rate->is_positive() || *rate >= Rate::one() || draft.discount_days < 0 ||
        draft.discount_days > kTermDaysMax) {
      return Error::validation("payment_term_discount_invalid",
                               "a discount below 100 % within 0 to 3650 days", "discount_percent");
    }
    term.discount_rate = *rate;
    term.discount_days = draft.discount_days;
  }
  return term;
}

}  // namespace

Result<PaymentTerm> create_payment_term(db::Tx& tx, const Context& context,
                                        const PaymentTermDraft& draft) {
  PaymentTerm term = TRY(validate_term(draft));
  const auto taken = TRY(
      tx.query_one("SELECT id FROM accounting_payment_terms WHERE company_id = $1 AND name = $2",
                   {context.company_id.value(), term.name}));
  if (taken) {
    return Error::conflict("payment_term_name_taken",
                           "a payment term named " + term.name + " exists");
  }
  const auto rows = TRY(tx.query(
      "INSERT INTO accounting_payment_terms (company_id, name, discount_rate, discount_days, "
      "created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
      {context.company_id.value(), term.name,
       term.discount_rate ? term.discount_rate->to_string() : std::string(), term.discount_days,
       now_text(context)}));
  term.id = PaymentTermId{rows.at(0).integer(0)};
  for (std::size_t i = 0; i < term.installments.size(); ++i) {
    TRY(
        tx.execute("INSERT INTO accounting_payment_term_lines (term_id, seq, rate, days) "
                   "VALUES ($1, $2, $3, $4)",
                   {term.id.value(), static_cast<std::int64_t>(i + 1),
                    term.installments[i].rate.to_string(), term.installments[i].days}));
  }
  TRY(audit_change(tx, context, "create", "accounting.payment_term", term.id.value(),
                   {{"name", term.name}}));
  return term;
}

Result<std::vector<PaymentTerm>> list_payment_terms(db::Tx& tx, const Context& context) {
  const auto rows =
      TRY(tx.query("SELECT id FROM accounting_payment_terms WHERE company_id = $1 ORDER BY id",
                   {context.company_id.value()}));
  std::vector<PaymentTerm> out;
  for (const auto& row : rows) {
    out.push_back(TRY(load_payment_term(tx, context, PaymentTermId{row.integer(0)})));
  }
  return out;
}

}  // namespace keel::accounting
