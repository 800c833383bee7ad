// The module's wiring: migrations, permissions and routes of all its parts.
#include "accounting_routes.h"
#include "keel/accounting/accounting_api.h"

namespace keel::accounting {

namespace detail {
const db::MigrationSet& migrations();
}

const db::MigrationSet& migrations() { return detail::migrations(); }

std::vector<http::PermissionSpec> permissions() {
  std::vector<http::PermissionSpec> all;
  for (auto&& part : {detail::ledger_permissions(), detail::receivable_permissions(),
                      detail::bank_permissions(), detail::report_permissions()}) {
    all.insert(all.end(), part.begin(), part.end());
  }
  return all;
}

void register_routes(http::Router& router) {
  detail::register_ledger_routes(router);
  detail::register_receivable_routes(router);
  detail::register_bank_routes(router);
  detail::register_report_routes(router);
}

}  // namespace keel::accounting
