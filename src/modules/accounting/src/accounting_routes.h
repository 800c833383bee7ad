#pragma once

#include <vector>

#include "keel/http/router.h"
#include "keel/http/security.h"

// Each part of the module registers its own routes and declares its own permissions;
// accounting_module.cc puts them together (register_routes, permissions).
namespace keel::accounting::detail {

void register_ledger_routes(http::Router& router);
std::vector<http::PermissionSpec> ledger_permissions();

void register_receivable_routes(http::Router& router);
std::vector<http::PermissionSpec> receivable_permissions();

void register_bank_routes(http::Router& router);
std::vector<http::PermissionSpec> bank_permissions();

void register_report_routes(http::Router& router);
std::vector<http::PermissionSpec> report_permissions();

}  // namespace keel::accounting::detail
