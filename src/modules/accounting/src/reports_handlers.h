#pragma once

// The handlers of the report routes (reports_handlers.cc); reports_routes.cc describes and
// registers them. Each validates its query parameters (date_invalid, report_range_invalid,
// compare_invalid, format_invalid, and for the general ledger account_not_found,
// report_cursor_invalid, report_limit_invalid), loads the caller's ledger Context and answers
// JSON, or CSV with format=csv.
#include "keel/accounting/reports_api.h"
#include "keel/http/router.h"

namespace keel::accounting::detail::report_handlers {

Result<http::Response> trial_balance_handler(http::Context& http);
Result<http::Response> general_ledger_handler(http::Context& http);
Result<http::Response> income_statement_handler(http::Context& http);
Result<http::Response> balance_sheet_handler(http::Context& http);
Result<http::Response> cash_flow_handler(http::Context& http);

}  // namespace keel::accounting::detail::report_handlers
