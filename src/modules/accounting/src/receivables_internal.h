#pragma once

// Shared by the receivables sources (taxes, invoices, payments, reports): loading rows of
// this part's tables and small helpers. Private to the module.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "keel/accounting/receivables_api.h"
#include "keel/db/db.h"
#include "receivables_domain.h"

namespace keel::accounting::receivables {

inline constexpr std::size_t kInvoiceLinesMax = 1'000;
inline constexpr std::size_t kLineTaxesMax = 10;
inline constexpr std::size_t kTermInstallmentsMax = 24;
inline constexpr std::size_t kPaymentAllocationsMax = 1'000;
inline constexpr std::size_t kOriginLengthMax = 200;
inline constexpr std::int64_t kTermDaysMax = 3'650;

std::string now_text(const Context& context);
Result<Currency> currency_or_company(std::string_view code, const Context& context);
// Errors: partner_not_found (validation on `field`).
Result<void> require_partner(db::Tx& tx, const Context& context, partners::PartyId partner,
                             std::string_view field = "partner_id");
Result<void> audit_change(db::Tx& tx, const Context& context, std::string action,
                          std::string entity, std::int64_t id, nlohmann::json after);

// Errors: tax_not_found (not_found).
Result<Tax> load_tax(db::Tx& tx, const Context& context, TaxId id);
// Errors: payment_term_not_found (not_found).
Result<PaymentTerm> load_payment_term(db::Tx& tx, const Context& context, PaymentTermId id);
// Errors: invoice_not_found (not_found).
Result<Invoice> load_invoice(db::Tx& tx, const Context& context, InvoiceId id, bool details);
// The partner's newest posted customer invoices and credit notes (date, then id, descending),
// without lines, in one read.
Result<std::vector<Invoice>> recent_customer_documents(db::Tx& tx, const Context& context,
                                                       partners::PartyId partner,
                                                       std::int64_t limit);

// +1 when the document's partner line is a debit (invoices to customers, refunds from
// vendors), −1 when it is a credit.
int partner_sign(InvoiceType type);
bool is_sales(InvoiceType type);
std::string_view partner_role(InvoiceType type);

// A ledger line for a signed company amount (+ debit, − credit); a foreign amount (same sign
// convention) and its rate when the document is in another currency.
LineDraft signed_line(AccountId account, const Money& company, std::optional<Money> foreign,
                      std::optional<Rate> rate, std::string label,
                      std::optional<partners::PartyId> partner = std::nullopt);

Result<std::optional<Rate>> rate_for(db::Tx& tx, const Context& context, Currency currency,
                                     Date date);
std::optional<Rate> parse_stored_rate(const std::string& text);

}  // namespace keel::accounting::receivables
