#pragma once

#include <memory>
#include <vector>

#include "keel/core/clock.h"
#include "keel/db/migrations.h"
#include "keel/http/router.h"
#include "keel/http/security.h"

// The composition root: the one ordered list of modules. Order matters: a module comes after
// the modules it depends on, so migrations run and routes register in dependency order.
namespace keel::app {

// Every module's migrations, in module order.
std::vector<const db::MigrationSet*> all_migrations();

// Every permission every module declares.
std::vector<http::PermissionSpec> all_permissions();

// The full route table: every module's routes plus the OpenAPI document itself.
std::unique_ptr<http::Router> build_router(const Clock& clock);

}  // namespace keel::app
