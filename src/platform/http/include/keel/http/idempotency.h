#pragma once

#include "keel/db/migrations.h"

namespace keel::http {

// The HTTP module's tables (http_idempotency: stored responses of POST commands sent with an
// Idempotency-Key). The app passes this to keel::db::migrate with the other modules' sets;
// the Dispatcher needs it applied before it serves a POST route with TxMode::write.
const keel::db::MigrationSet& migrations();

}  // namespace keel::http
