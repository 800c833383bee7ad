#include "receivables_json.h"

#include "keel/core/limits.h"
#include "keel/http/json_input.h"

namespace keel::accounting::receivables::json_io {

using http::ObjectReader;
using nlohmann::json;

namespace {

std::optional<Date> read_date(ObjectReader& in, std::string_view name, bool required) {
  std::optional<std::string> text;
  if (required) {
    text = in.required_string(name, 10);
  } else {
    text = in.optional_string(name, 10);
  }
  if (!text || text->empty()) return std::nullopt;
  auto date = Date::parse(*text);
  if (!date.ok()) {
    in.fail(name, date.error());
    return std::nullopt;
  }
  return *date;
}

json money(const Money& m) { return m.to_string(); }

}  // namespace

Result<TaxDraft> read_tax(const json& body) {
  ObjectReader in(body);
  TaxDraft draft;
  draft.name = in.required_string("name", limits::kNameLengthMax);
  draft.kind = in.optional_string("kind", 16).value_or("percent");
  draft.rate_percent = in.optional_string("rate_percent", 40).value_or("");
  draft.amount = in.optional_string("amount", 40).value_or("");
  draft.currency = in.optional_string("currency", 3).value_or("");
  draft.price_included = in.optional_bool("price_included").value_or(false);
  draft.scope = in.optional_string("scope", 16).value_or("sales");
  TRY(in.finish());
  return draft;
}

Result<PaymentTermDraft> read_payment_term(const json& body) {
  ObjectReader in(body);
  PaymentTermDraft draft;
  draft.name = in.required_string("name", limits::kNameLengthMax);
  if (const json* parts = in.optional_value("installments")) {
    if (!parts->is_array() || parts->size() > 24) {
      in.fail("installments", "field_type_invalid", "an array of at most 24 installments");
    } else {
      for (std::size_t i = 0; i < parts->size(); ++i) {
        ObjectReader part((*parts)[i], "installments/" + std::to_string(i));
        PaymentTermDraft::Installment installment;
        installment.percent = part.required_string("percent", 40);
        installment.days = part.optional_integer("days", 0, 3650).value_or(0);
        if (auto done = part.finish(); !done.ok()) {
          for (const auto& f : done.error().fields()) in.fail(f.field, f.code, f.message);
        }
        draft.installments.push_back(installment);
      }
    }
  }
  draft.discount_percent = in.optional_string("discount_percent", 40).value_or("");
  draft.discount_days = in.optional_integer("discount_days", 0, 3650).value_or(0);
  TRY(in.finish());
  return draft;
}

namespace {

std::optional<InvoiceLineDraft> read_line(const json& value, const std::string& path,
                                          Currency currency, ObjectReader& parent) {
  ObjectReader in(value, path);
  InvoiceLineDraft line;
  line.description = in.required_string("description", limits::kNameLengthMax);
  const std::string quantity = in.required_string("quantity", 40);
  const std::string price = in.required_string("unit_price", 40);
  line.discount_percent = in.optional_string("discount_percent", 40).value_or("");
  if (const json* ids = in.optional_value("tax_ids")) {
    if (!ids->is_array() || ids->size() > 10) {
      in.fail("tax_ids", "field_type_invalid", "an array of at most 10 tax ids");
    } else {
      for (const auto& id : *ids) {
        if (!id.is_number_integer()) {
          in.fail("tax_ids", "field_type_invalid", "tax ids are integers");
          break;
        }
        line.tax_ids.push_back(TaxId{id.get<std::int64_t>()});
      }
    }
  }
  if (auto account = in.optional_integer("account_id", 1, INT64_MAX)) {
    line.account_id = AccountId{*account};
  }
  if (!quantity.empty()) {
    auto parsed = Quantity::parse(quantity);
    if (parsed.ok())
      line.quantity = *parsed;
    else
      in.fail("quantity", parsed.error());
  }
  if (!price.empty()) {
    auto parsed = UnitPrice::parse(price, currency);
    if (parsed.ok())
      line.unit_price_e6 = parsed->value_e6();
    else
      in.fail("unit_price", parsed.error());
  }
  if (auto done = in.finish(); !done.ok()) {
    for (const auto& f : done.error().fields()) parent.fail(f.field, f.code, f.message);
    return std::nullopt;
  }
  return line;
}

}  // namespace

Result<InvoiceDraft> read_invoice(const json& body, Currency company_currency) {
  ObjectReader in(body);
  InvoiceDraft draft;
  const std::string type = in.required_string("type", 16);
  if (!type.empty()) {
    auto parsed = parse_invoice_type(type);
    if (parsed.ok())
      draft.type = *parsed;
    else
      in.fail("type", parsed.error());
  }
  draft.partner_id = partners::PartyId{in.optional_integer("partner_id", 1, INT64_MAX).value_or(0)};
  if (!in.has("partner_id")) in.fail("partner_id", "field_required", "partner_id is required");
  if (auto date = read_date(in, "date", true)) draft.date = *date;
  draft.due_date = read_date(in, "due_date", false);
  draft.currency = in.optional_string("currency", 3).value_or("");
  Currency currency = company_currency;
  if (!draft.currency.empty()) {
    auto parsed = Currency::from_code(draft.currency);
    if (parsed.ok())
      currency = *parsed;
    else
      in.fail("currency", parsed.error());
  }
  if (auto term = in.optional_integer("payment_term_id", 1, INT64_MAX)) {
    draft.payment_term_id = PaymentTermId{*term};
  }
  draft.origin = in.optional_string("origin", 200).value_or("");
  draft.reference = in.optional_string("reference", limits::kNameLengthMax).value_or("");
  if (const json* lines = in.optional_value("lines")) {
    if (!lines->is_array() || lines->size() > 1000) {
      in.fail("lines", "field_type_invalid", "an array of at most 1000 lines");
    } else {
      for (std::size_t i = 0; i < lines->size(); ++i) {
        auto line = read_line((*lines)[i], "lines/" + std::to_string(i), currency, in);
        if (line) draft.lines.push_back(std::move(*line));
      }
    }
  }
  TRY(in.finish());
  return draft;
}

Result<PaymentDraft> read_payment(const json& body) {
  ObjectReader in(body);
  PaymentDraft draft;
  draft.direction = in.optional_string("direction", 16).value_or("inbound");
  draft.partner_type = in.optional_string("partner_type", 16).value_or("customer");
  draft.partner_id = partners::PartyId{in.optional_integer("partner_id", 1, INT64_MAX).value_or(0)};
  if (!in.has("partner_id")) in.fail("partner_id", "field_required", "partner_id is required");
  if (auto date = read_date(in, "date", true)) draft.date = *date;
  draft.journal = in.optional_string("journal", 16).value_or("bank");
  draft.amount = in.required_string("amount", 40);
  draft.currency = in.optional_string("currency", 3).value_or("");
  draft.reference = in.optional_string("reference", limits::kNameLengthMax).value_or("");
  if (const json* allocations = in.optional_value("allocations")) {
    if (!allocations->is_array() || allocations->size() > 1000) {
      in.fail("allocations", "field_type_invalid", "an array of at most 1000 allocations");
    } else {
      for (std::size_t i = 0; i < allocations->size(); ++i) {
        ObjectReader a((*allocations)[i], "allocations/" + std::to_string(i));
        AllocationDraft allocation;
        allocation.invoice_id =
            InvoiceId{a.optional_integer("invoice_id", 1, INT64_MAX).value_or(0)};
        allocation.amount = a.required_string("amount", 40);
        if (auto done = a.finish(); !done.ok()) {
          for (const auto& f : done.error().fields()) in.fail(f.field, f.code, f.message);
        }
        draft.allocations.push_back(allocation);
      }
    }
  }
  TRY(in.finish());
  return draft;
}

Result<AllocationDraft> read_allocation(const json& body, std::optional<Date>& date) {
  ObjectReader in(body);
  AllocationDraft draft;
  draft.invoice_id = InvoiceId{in.optional_integer("invoice_id", 1, INT64_MAX).value_or(0)};
  if (!in.has("invoice_id")) in.fail("invoice_id", "field_required", "invoice_id is required");
  draft.amount = in.required_string("amount", 40);
  date = read_date(in, "date", false);
  TRY(in.finish());
  return draft;
}

Result<Date> read_date_body(const json& body) {
  ObjectReader in(body);
  const auto date = read_date(in, "date", true);
  TRY(in.finish());
  return *date;
}

Result<TaxRounding> read_tax_settings(const json& body) {
  ObjectReader in(body);
  const std::string rounding = in.required_string("rounding", 16);
  if (!rounding.empty() && rounding != "per_line" && rounding != "per_document") {
    in.fail("rounding", "tax_rounding_invalid", "per_line or per_document");
  }
  TRY(in.finish());
  return rounding == "per_document" ? TaxRounding::per_document : TaxRounding::per_line;
}

json to_json(const Tax& tax) {
  json out = {{"id", tax.id.value()}, {"name", tax.name},
              {"kind", tax.kind},     {"price_included", tax.price_included},
              {"scope", tax.scope},   {"account_role", tax.account_role}};
  if (tax.kind == "percent") out["rate_percent"] = tax.rate.to_percent_string();
  if (tax.amount) {
    out["amount"] = money(*tax.amount);
    out["currency"] = std::string(tax.amount->currency().code());
  }
  return out;
}

json to_json(const PaymentTerm& term) {
  json parts = json::array();
  for (const auto& part : term.installments) {
    parts.push_back({{"percent", part.rate.to_percent_string()}, {"days", part.days}});
  }
  json out = {{"id", term.id.value()}, {"name", term.name}, {"installments", parts}};
  if (term.discount_rate) {
    out["discount_percent"] = term.discount_rate->to_percent_string();
    out["discount_days"] = term.discount_days;
  }
  return out;
}

json to_json(const Invoice& invoice) {
  json out = {{"id", invoice.id.value()},
              {"type", to_string(invoice.type)},
              {"state", invoice.state},
              {"partner_id", invoice.partner_id.value()},
              {"date", invoice.date.to_string()},
              {"due_date", invoice.due_date.to_string()},
              {"currency", std::string(invoice.currency.code())},
              {"rate", invoice.rate ? json(invoice.rate->to_string()) : json(nullptr)},
              {"origin", invoice.origin},
              {"reference", invoice.reference},
              {"number", invoice.number ? json(*invoice.number) : json(nullptr)},
              {"untaxed", money(invoice.untaxed)},
              {"tax", money(invoice.tax)},
              {"total", money(invoice.total)},
              {"residual", money(invoice.residual)},
              {"total_company", money(invoice.total_company)},
              {"residual_company", money(invoice.residual_company)},
              {"discount_amount", money(invoice.discount_amount)},
              {"discount_until",
               invoice.discount_until ? json(invoice.discount_until->to_string()) : json(nullptr)},
              {"entry_id", invoice.entry_id ? json(invoice.entry_id->value()) : json(nullptr)},
              {"payment_term_id",
               invoice.payment_term_id ? json(invoice.payment_term_id->value()) : json(nullptr)},
              {"version", invoice.version}};
  json lines = json::array();
  for (const auto& line : invoice.lines) {
    json taxes = json::array();
    for (const auto& id : line.tax_ids) taxes.push_back(id.value());
    lines.push_back(
        {{"line_no", line.line_no},
         {"description", line.description},
         {"quantity", line.quantity.to_string()},
         {"unit_price", line.unit_price.to_string()},
         {"discount_percent", line.discount_rate ? line.discount_rate->to_percent_string() : "0"},
         {"tax_ids", taxes},
         {"account_id", line.account_id.value()},
         {"untaxed", money(line.untaxed)}});
  }
  out["lines"] = lines;
  json taxes = json::array();
  for (const auto& tax : invoice.taxes) {
    taxes.push_back(
        {{"tax_id", tax.tax_id.value()}, {"base", money(tax.base)}, {"amount", money(tax.amount)}});
  }
  out["taxes"] = taxes;
  json installments = json::array();
  for (const auto& part : invoice.installments) {
    installments.push_back({{"seq", part.seq},
                            {"due_date", part.due_date.to_string()},
                            {"amount", money(part.amount)}});
  }
  out["installments"] = installments;
  return out;
}

json to_json(const Payment& payment) {
  json allocations = json::array();
  for (const auto& a : payment.allocations) {
    allocations.push_back({{"id", a.id},
                           {"invoice_id", a.invoice_id.value()},
                           {"date", a.date.to_string()},
                           {"amount", money(a.amount)},
                           {"discount", money(a.discount)},
                           {"fx_company", money(a.fx_company)}});
  }
  return {{"id", payment.id.value()},
          {"direction", payment.direction},
          {"partner_type", payment.partner_type},
          {"partner_id", payment.partner_id.value()},
          {"date", payment.date.to_string()},
          {"journal_id", payment.journal_id.value()},
          {"amount", money(payment.amount)},
          {"currency", std::string(payment.amount.currency().code())},
          {"amount_company", money(payment.amount_company)},
          {"unallocated", money(payment.unallocated)},
          {"rate", payment.rate ? json(payment.rate->to_string()) : json(nullptr)},
          {"reference", payment.reference},
          {"entry_id", payment.entry_id.value()},
          {"allocations", allocations}};
}

namespace {
json aging_row(const AgingRow& row) {
  return {{"partner_id", row.partner_id.value()},  {"current", money(row.current)},
          {"days_1_30", money(row.days_1_30)},     {"days_31_60", money(row.days_31_60)},
          {"days_61_90", money(row.days_61_90)},   {"days_over_90", money(row.days_over_90)},
          {"unallocated", money(row.unallocated)}, {"total", money(row.total)}};
}
}  // namespace

json to_json(const AgingReport& report) {
  json rows = json::array();
  for (const auto& row : report.rows) rows.push_back(aging_row(row));
  return {{"date", report.date.to_string()},
          {"kind", report.side == LedgerSide::receivable ? "receivable" : "payable"},
          {"rows", rows},
          {"totals", aging_row(report.totals)}};
}

json to_json(const Statement& statement) {
  json lines = json::array();
  for (const auto& line : statement.lines) {
    lines.push_back({{"date", line.date.to_string()},
                     {"number", line.number},
                     {"reference", line.reference},
                     {"memo", line.memo},
                     {"debit", money(line.debit)},
                     {"credit", money(line.credit)},
                     {"balance", money(line.balance)}});
  }
  return {{"partner_id", statement.partner_id.value()},
          {"kind", statement.side == LedgerSide::receivable ? "receivable" : "payable"},
          {"from", statement.from.to_string()},
          {"to", statement.to.to_string()},
          {"opening", money(statement.opening)},
          {"closing", money(statement.closing)},
          {"lines", lines}};
}

json to_json(const std::vector<TaxReportRow>& rows) {
  json out = json::array();
  for (const auto& row : rows) {
    out.push_back({{"tax_id", row.tax_id.value()},
                   {"name", row.name},
                   {"scope", row.scope},
                   {"base", money(row.base)},
                   {"tax", money(row.tax)}});
  }
  return {{"rows", out}};
}

json to_json(const Revaluation& r) {
  return {{"id", r.id},
          {"date", r.date.to_string()},
          {"entry_id", r.entry_id ? json(r.entry_id->value()) : json(nullptr)},
          {"reversal_entry_id",
           r.reversal_entry_id ? json(r.reversal_entry_id->value()) : json(nullptr)},
          {"adjustment", money(r.adjustment)}};
}

json to_json(const Offset& offset) {
  return {{"id", offset.id},
          {"credit_id", offset.credit_id.value()},
          {"invoice_id", offset.invoice_id.value()},
          {"date", offset.date.to_string()},
          {"amount", money(offset.amount)},
          {"fx_company", money(offset.fx_company)},
          {"entry_id", offset.entry_id ? json(offset.entry_id->value()) : json(nullptr)},
          {"credit", to_json(offset.credit)},
          {"invoice", to_json(offset.invoice)}};
}

}  // namespace keel::accounting::receivables::json_io
