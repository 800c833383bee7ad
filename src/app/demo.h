#pragma once

#include <string>

#include "commands.h"
#include "keel/core/clock.h"
#include "keel/core/ids.h"
#include "keel/core/result.h"
#include "keel/db/db.h"

namespace keel::app {

struct DemoLogin {
  std::string email;
  std::string password;
};

inline constexpr const char* kDemoCompanyName = "Keel Demo Trading";
inline constexpr const char* kDemoEmail = "demo@keel.example";
inline constexpr const char* kDemoPassword = "keel-demo-2026";

// On a database with no company, creates the demo company, its admin login and the demo
// parties, all in one transaction. Returns the login either way.
Result<DemoLogin> ensure_demo(db::Database& database, const Clock& clock);

// `keel admin create-user`: creates the company named by the options when it does not exist
// (a default name on an empty database), then the user with the given roles.
Result<UserId> create_user_in_company(db::Database& database, const Clock& clock,
                                      const CreateUserOptions& options,
                                      const std::string& password);

}  // namespace keel::app
