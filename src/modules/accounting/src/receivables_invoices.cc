// Invoices, credit notes, vendor bills and refunds: drafts with exact totals, posting through
// accounting::post with gap-free numbers, cancellation of drafts, reading and listing.
#include <nlohmann/json.hpp>

#include "keel/core/limits.h"
#include "keel/core/utf8.h"
#include "receivables_internal.h"

namespace keel::accounting {

using namespace receivables;

std::string_view to_string(InvoiceType type) {
  switch (type) {
    case InvoiceType::out_invoice:
      return "out_invoice";
    case InvoiceType::out_refund:
      return "out_refund";
    case InvoiceType::in_invoice:
      return "in_invoice";
    case InvoiceType::in_refund:
      return "in_refund";
  }
  return "out_invoice";
}

Result<InvoiceType> parse_invoice_type(std::string_view text) {
  for (auto type : {InvoiceType::out_invoice, InvoiceType::out_refund, InvoiceType::in_invoice,
                    InvoiceType::in_refund}) {
    if (to_string(type) == text) return type;
  }
  return Error::validation("invoice_type_invalid",
                           "type is out_invoice, out_refund, in_invoice or in_refund", "type");
}

namespace receivables {
namespace {

constexpr std::string_view kInvoiceColumns =
    "id, type, state, partner_id, date, due_date, currency, rate, payment_term_id, origin, "
    "reference, number, untaxed, tax, total, total_company, residual, residual_company, "
    "discount_amount, discount_until, entry_id, created_by, version";

Result<Invoice> invoice_from_row(const db::Row& row, Currency company_currency) {
  Invoice invoice;
  invoice.id = InvoiceId{row.integer(0)};
  invoice.type = TRY(parse_invoice_type(row.text(1)));
  invoice.state = row.text(2);
  invoice.partner_id = partners::PartyId{row.integer(3)};
  invoice.date = TRY(Date::parse(row.text(4)));
  invoice.due_date = TRY(Date::parse(row.text(5)));
  invoice.currency = TRY(Currency::from_code(row.text(6)));
  invoice.rate = parse_stored_rate(row.text(7));
  if (const auto term = row.optional_integer(8)) invoice.payment_term_id = PaymentTermId{*term};
  invoice.origin = row.text(9);
  invoice.reference = row.text(10);
  invoice.number = row.optional_text(11);
  const auto money = [&](std::size_t column, Currency currency) {
    return Money::from_minor_units(row.integer(column), currency);
  };
  invoice.untaxed = TRY(money(12, invoice.currency));
  invoice.tax = TRY(money(13, invoice.currency));
  invoice.total = TRY(money(14, invoice.currency));
  invoice.total_company = TRY(money(15, company_currency));
  invoice.residual = TRY(money(16, invoice.currency));
  invoice.residual_company = TRY(money(17, company_currency));
  invoice.discount_amount = TRY(money(18, invoice.currency));
  if (!row.text(19).empty()) invoice.discount_until = TRY(Date::parse(row.text(19)));
  if (const auto entry = row.optional_integer(20)) invoice.entry_id = EntryId{*entry};
  invoice.created_by = UserId{row.integer(21)};
  invoice.version = row.integer(22);
  return invoice;
}

std::vector<TaxId> parse_tax_ids(const std::string& text) {
  std::vector<TaxId> ids;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto comma = text.find(',', start);
    const auto end = comma == std::string::npos ? text.size() : comma;
    ids.push_back(TaxId{std::stoll(text.substr(start, end - start))});
    start = end + 1;
  }
  return ids;
}

std::string join_tax_ids(const std::vector<TaxId>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ",") + std::to_string(id.value());
  return out;
}

Result<void> load_details(db::Tx& tx, Invoice& invoice) {
  const auto lines = TRY(tx.query(
      "SELECT line_no, description, quantity_e6, unit_price_e6, discount_rate, account_id, "
      "tax_ids, untaxed FROM accounting_invoice_lines WHERE invoice_id = $1 ORDER BY line_no",
      {invoice.id.value()}));
  for (const auto& row : lines) {
    InvoiceLine line;
    line.line_no = static_cast<int>(row.integer(0));
    line.description = row.text(1);
    line.quantity = TRY(Quantity::from_value_e6(row.integer(2)));
    line.unit_price = TRY(UnitPrice::from_value_e6(row.integer(3), invoice.currency));
    line.discount_rate = parse_stored_rate(row.text(4));
    line.account_id = AccountId{row.integer(5)};
    line.tax_ids = parse_tax_ids(row.text(6));
    line.untaxed = TRY(Money::from_minor_units(row.integer(7), invoice.currency));
    invoice.lines.push_back(std::move(line));
  }
  const auto taxes = TRY(
      tx.query("SELECT tax_id, base, amount FROM accounting_invoice_taxes WHERE invoice_id = $1 "
               "ORDER BY tax_id",
               {invoice.id.value()}));
  for (const auto& row : taxes) {
    invoice.taxes.push_back({TaxId{row.integer(0)},
                             TRY(Money::from_minor_units(row.integer(1), invoice.currency)),
                             TRY(Money::from_minor_units(row.integer(2), invoice.currency))});
  }
  const auto installments = TRY(tx.query(
      "SELECT seq, due_date, amount FROM accounting_invoice_installments WHERE invoice_id = $1 "
      "ORDER BY seq",
      {invoice.id.value()}));
  for (const auto& row : installments) {
    invoice.installments.push_back(
        {static_cast<int>(row.integer(0)), TRY(Date::parse(row.text(1))),
         TRY(Money::from_minor_units(row.integer(2), invoice.currency))});
  }
  return Ok{};
}

}  // namespace

Result<Invoice> load_invoice(db::Tx& tx, const Context& context, InvoiceId id, bool details) {
  const auto row =
      TRY(tx.query_one("SELECT " + std::string(kInvoiceColumns) +
                           " FROM accounting_invoices WHERE company_id = $1 AND id = $2",
                       {context.company_id.value(), id.value()}));
  if (!row) {
    return Error::not_found("invoice_not_found", "no invoice " + std::to_string(id.value()));
  }
  Invoice invoice = TRY(invoice_from_row(*row, context.company_currency));
  if (details) TRY(load_details(tx, invoice));
  return invoice;
}

Result<std::vector<Invoice>> recent_customer_documents(db::Tx& tx, const Context& context,
                                                       partners::PartyId partner,
                                                       std::int64_t limit) {
  const auto rows = TRY(tx.query(
      "SELECT " + std::string(kInvoiceColumns) +
          " FROM accounting_invoices WHERE company_id = $1 AND partner_id = $2 AND type IN "
          "('out_invoice', 'out_refund') AND state NOT IN ('draft', 'cancelled') ORDER BY date "
          "DESC, id DESC LIMIT $3",
      {context.company_id.value(), partner.value(), limit}));
  std::vector<Invoice> out;
  for (const auto& row : rows) out.push_back(TRY(invoice_from_row(row, context.company_currency)));
  return out;
}

namespace {

// One validated line: what compute_totals needs, and what is stored.
struct CheckedLine {
  LineInput input;
  AccountId account_id;
};

Result<CheckedLine> check_line(db::Tx& tx, const Context& context, const InvoiceDraft& draft,
                               const InvoiceLineDraft& line, Currency currency) {
  CheckedLine out;
  if (line.description.empty() || line.description.size() > limits::kNameLengthMax ||
      !is_valid_utf8(line.description)) {
    return Error::validation("invoice_line_description_invalid", "1 to 300 bytes of text",
                             "description");
  }
  if (line.quantity.is_negative() || line.quantity.is_zero()) {
    return Error::validation("invoice_line_quantity_invalid", "quantity must be positive",
                             "quantity");
  }
  if (line.unit_price_e6 < 0) {
    return Error::validation("invoice_line_price_invalid", "unit price must not be negative",
                             "unit_price");
  }
  out.input.quantity = line.quantity;
  out.input.unit_price = TRY(UnitPrice::from_value_e6(line.unit_price_e6, currency));
  if (!line.discount_percent.empty()) {
    auto rate = Rate::parse_percent(line.discount_percent);
    if (!rate.ok() || *rate < Rate::zero() || *rate > Rate::one()) {
      return Error::validation("invoice_line_discount_invalid", "a percentage from 0 to 100",
                               "discount_percent");
    }
    if (!rate->is_zero()) out.input.discount = *rate;
  }
  if (line.tax_ids.size() > kLineTaxesMax) {
    return Error::validation("invoice_line_taxes_invalid", "at most 10 taxes", "tax_ids");
  }
  for (const auto& id : line.tax_ids) {
    auto loaded = load_tax(tx, context, id);
    if (!loaded.ok())
      return Error::validation("tax_not_found", loaded.error().message(), "tax_ids");
    if ((loaded->scope == "sales") != is_sales(draft.type)) {
      return Error::validation("tax_scope_mismatch",
                               loaded->name + " is a " + loaded->scope + " tax", "tax_ids");
    }
    if (loaded->amount && !(loaded->amount->currency() == currency)) {
      return Error::validation("tax_currency_mismatch",
                               loaded->name + " is an amount in another currency", "tax_ids");
    }
    out.input.taxes.push_back({loaded->id, loaded->kind == "fixed", loaded->rate, loaded->amount,
                               loaded->price_included});
  }
  if (line.account_id) {
    const Account account = TRY(get_account(tx, context.company_id, *line.account_id));
    out.account_id = account.id;
  } else {
    const auto role_name = is_sales(draft.type) ? role::kRevenue : role::kExpense;
    out.account_id = TRY(find_account_by_role(tx, context.company_id, role_name)).id;
  }
  return out;
}

Result<void> check_header(const InvoiceDraft& draft) {
  if (draft.lines.empty()) {
    return Error::validation("invoice_lines_missing", "an invoice needs lines", "lines");
  }
  if (draft.lines.size() > kInvoiceLinesMax) {
    return Error::validation("invoice_lines_too_many", "at most 1000 lines", "lines");
  }
  if (draft.origin.size() > kOriginLengthMax || !is_valid_utf8(draft.origin)) {
    return Error::validation("invoice_origin_too_long", "origin is at most 200 bytes", "origin");
  }
  if (draft.reference.size() > limits::kNameLengthMax || !is_valid_utf8(draft.reference)) {
    return Error::validation("invoice_reference_invalid", "reference is at most 300 bytes",
                             "reference");
  }
  return Ok{};
}

Result<void> store_details(db::Tx& tx, InvoiceId id, const InvoiceDraft& draft,
                           const std::vector<CheckedLine>& lines, const Totals& totals,
                           const std::vector<Installment>& installments) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& line = lines[i];
    TRY(tx.execute(
        "INSERT INTO accounting_invoice_lines (invoice_id, line_no, description, quantity_e6, "
        "unit_price_e6, discount_rate, account_id, tax_ids, untaxed) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        {id.value(), static_cast<std::int64_t>(i + 1), draft.lines[i].description,
         line.input.quantity.value_e6(), line.input.unit_price.value_e6(),
         line.input.discount ? line.input.discount->to_string() : std::string(),
         line.account_id.value(), join_tax_ids(draft.lines[i].tax_ids),
         totals.line_untaxed[i].minor_units()}));
  }
  for (const auto& tax : totals.taxes) {
    TRY(tx.execute(
        "INSERT INTO accounting_invoice_taxes (invoice_id, tax_id, base, amount) "
        "VALUES ($1, $2, $3, $4)",
        {id.value(), tax.tax_id.value(), tax.base.minor_units(), tax.amount.minor_units()}));
  }
  for (const auto& part : installments) {
    TRY(tx.execute(
        "INSERT INTO accounting_invoice_installments (invoice_id, seq, due_date, amount) "
        "VALUES ($1, $2, $3, $4)",
        {id.value(), std::int64_t{part.seq}, part.due_date.to_string(),
         part.amount.minor_units()}));
  }
  return Ok{};
}

}  // namespace
}  // namespace receivables

Result<Invoice> create_invoice(db::Tx& tx, const Context& context, const InvoiceDraft& draft) {
  TRY(check_header(draft));
  TRY(require_partner(tx, context, draft.partner_id));
  const Currency currency = TRY(currency_or_company(draft.currency, context));
  std::optional<PaymentTerm> term;
  if (draft.payment_term_id) {
    auto loaded = load_payment_term(tx, context, *draft.payment_term_id);
    if (!loaded.ok()) {
      return Error::validation("payment_term_not_found", loaded.error().message(),
                               "payment_term_id");
    }
    term = std::move(*loaded);
  }
  std::vector<CheckedLine> lines;
  std::vector<LineInput> inputs;
  for (std::size_t i = 0; i < draft.lines.size(); ++i) {
    auto line = check_line(tx, context, draft, draft.lines[i], currency);
    if (!line.ok()) return line.error().with_field_prefix("lines/" + std::to_string(i));
    inputs.push_back(line->input);
    lines.push_back(std::move(*line));
  }
  const TaxRounding rounding = TRY(tax_rounding(tx, context));
  const Totals totals = TRY(compute_totals(currency, inputs, rounding));
  if (totals.total.is_negative() || totals.total.is_zero()) {
    return Error::validation("invoice_total_not_positive", "the total must be positive", "lines");
  }
  const Date due = draft.due_date.value_or(draft.date);
  const auto installments = TRY(installments_of(totals.total, draft.date, due, term));
  Money discount = Money::zero(currency);
  std::string discount_until;
  // Early-payment discounts are offered on invoices and bills, not on refunds.
  const bool discountable =
      draft.type == InvoiceType::out_invoice || draft.type == InvoiceType::in_invoice;
  if (term && term->discount_rate && discountable) {
    discount = TRY(term->discount_rate->apply(totals.total, Rounding::half_up));
    discount_until = TRY(draft.date.add_days(term->discount_days)).to_string();
  }
  const auto rows = TRY(tx.query(
      "INSERT INTO accounting_invoices (company_id, type, state, partner_id, date, due_date, "
      "currency, payment_term_id, origin, reference, untaxed, tax, total, residual, "
      "discount_amount, discount_until, created_by, created_at) VALUES ($1, $2, 'draft', $3, $4, "
      "$5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $14, $15, $16) RETURNING id",
      {context.company_id.value(), std::string(to_string(draft.type)), draft.partner_id.value(),
       draft.date.to_string(), installments.back().due_date.to_string(),
       std::string(currency.code()), term ? db::Value(term->id.value()) : db::Value(db::null),
       draft.origin, draft.reference, totals.untaxed.minor_units(), totals.tax.minor_units(),
       totals.total.minor_units(), discount.minor_units(), discount_until, context.user_id.value(),
       now_text(context)}));
  const InvoiceId id{rows.at(0).integer(0)};
  TRY(store_details(tx, id, draft, lines, totals, installments));
  TRY(audit_change(tx, context, "create", "accounting.invoice", id.value(),
                   {{"type", to_string(draft.type)}, {"total", totals.total.to_string()}}));
  return load_invoice(tx, context, id, true);
}

Result<Invoice> get_invoice(db::Tx& tx, const Context& context, InvoiceId id) {
  return load_invoice(tx, context, id, true);
}

Result<Invoice> cancel_invoice(db::Tx& tx, const Context& context, InvoiceId id) {
  const Invoice invoice = TRY(load_invoice(tx, context, id, false));
  if (invoice.state != "draft") {
    return Error::conflict("invoice_not_draft", "only a draft can be cancelled");
  }
  TRY(
      tx.execute("UPDATE accounting_invoices SET state = 'cancelled', version = version + 1 "
                 "WHERE id = $1",
                 {id.value()}));
  TRY(audit_change(tx, context, "cancel", "accounting.invoice", id.value(), nullptr));
  return load_invoice(tx, context, id, true);
}

Result<InvoicePage> list_invoices(db::Tx& tx, const Context& context, const InvoiceQuery& query) {
  std::string sql = "SELECT " + std::string(kInvoiceColumns) +
                    " FROM accounting_invoices WHERE company_id = $1 AND id > $2";
  std::vector<db::Value> params{context.company_id.value(), query.after_id};
  const auto add = [&](std::string_view column, db::Value value) {
    params.push_back(std::move(value));
    sql += " AND " + std::string(column) + " = $" + std::to_string(params.size());
  };
  if (query.type) add("type", std::string(to_string(*query.type)));
  if (!query.state.empty()) add("state", query.state);
  if (query.partner_id) add("partner_id", query.partner_id->value());
  if (query.created_by) add("created_by", query.created_by->value());
  // Dates are ISO text on both engines, so text order is date order.
  if (query.from) {
    params.emplace_back(query.from->to_string());
    sql += " AND date >= $" + std::to_string(params.size());
  }
  if (query.to) {
    params.emplace_back(query.to->to_string());
    sql += " AND date <= $" + std::to_string(params.size());
  }
  params.push_back(query.limit + 1);
  sql += " ORDER BY id LIMIT $" + std::to_string(params.size());
  const auto rows = TRY(tx.query(sql, params));
  InvoicePage page;
  for (const auto& row : rows) {
    if (static_cast<std::int64_t>(page.items.size()) == query.limit) {
      page.next_cursor = page.items.back().id.value();
      break;
    }
    page.items.push_back(TRY(invoice_from_row(row, context.company_currency)));
  }
  return page;
}

}  // namespace keel::accounting
