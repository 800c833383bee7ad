#pragma once

// JSON ⇄ receivables types for the HTTP routes: strict readers (every problem a field error)
// and the response documents. No business rules.
#include <nlohmann/json.hpp>

#include "keel/accounting/receivables_api.h"

namespace keel::accounting::receivables::json_io {

Result<TaxDraft> read_tax(const nlohmann::json& body);
Result<PaymentTermDraft> read_payment_term(const nlohmann::json& body);
// Prices and quantities are parsed in the document currency, so the currency is read first.
Result<InvoiceDraft> read_invoice(const nlohmann::json& body, Currency company_currency);
Result<PaymentDraft> read_payment(const nlohmann::json& body);
Result<AllocationDraft> read_allocation(const nlohmann::json& body, std::optional<Date>& date);
Result<Date> read_date_body(const nlohmann::json& body);
Result<TaxRounding> read_tax_settings(const nlohmann::json& body);

nlohmann::json to_json(const Tax& tax);
nlohmann::json to_json(const PaymentTerm& term);
nlohmann::json to_json(const Invoice& invoice);
nlohmann::json to_json(const Payment& payment);
nlohmann::json to_json(const AgingReport& report);
nlohmann::json to_json(const Statement& statement);
nlohmann::json to_json(const std::vector<TaxReportRow>& rows);
nlohmann::json to_json(const Revaluation& revaluation);
nlohmann::json to_json(const Offset& offset);

}  // namespace keel::accounting::receivables::json_io
