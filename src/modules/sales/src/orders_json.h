#pragma once

// JSON ⇄ types of the orders part, for its routes and tests.
#include <nlohmann/json.hpp>

#include "orders_internal.h"
#include "pricing_internal.h"
#include "quotes_internal.h"

namespace keel::sales::detail::json_io {

// Errors: input_invalid with one field error per problem.
Result<OrderDraft> read_order(const nlohmann::json& body, Currency company_currency);
Result<OrderPatch> read_order_patch(const nlohmann::json& body, Currency company_currency);
// With `version`, the body of PUT /quotes/{id}: the same fields and a required "version".
Result<QuoteDraft> read_quote(const nlohmann::json& body, Currency company_currency,
                              std::int64_t* version = nullptr);
Result<Pricelist> read_pricelist(const nlohmann::json& body, Currency company_currency);

nlohmann::json to_json(const Order& order);
nlohmann::json to_json(const CreditState& credit);
nlohmann::json to_json(const Pricelist& list);
nlohmann::json to_json(const Quote& quote);
nlohmann::json to_json(const QuotePreview& preview);

}  // namespace keel::sales::detail::json_io
