#include "demo.h"

#include "keel/auth/auth_api.h"
#include "keel/partners/partners_api.h"
#include "modules.h"

namespace keel::app {

Result<DemoLogin> ensure_demo(db::Database& database, const Clock& clock) {
  const DemoLogin login{kDemoEmail, kDemoPassword};
  const auto catalog = all_permissions();
  // Hash outside the write transaction: argon2id takes ~90 ms and 64 MiB.
  const std::string password_hash = auth::hash_password(kDemoPassword);
  TRY(database.write([&](db::Tx& tx) -> Result<void> {
    if (TRY(auth::count_companies(tx)) > 0) return Ok{};
    auth::NewCompany company;
    company.name = kDemoCompanyName;
    company.currency = "EUR";
    company.country = "LT";
    company.language = "en";
    const CompanyId company_id = TRY(auth::create_company(tx, clock, company, catalog));
    auth::NewUser user;
    user.company_id = company_id;
    user.email = kDemoEmail;
    user.name = "Demo Administrator";
    user.password_hash = password_hash;
    user.roles = {"admin"};
    const UserId user_id = TRY(auth::create_user(tx, clock, user));
    TRY(partners::seed_demo(tx, clock, company_id, user_id));
    return Ok{};
  }));
  return login;
}

Result<UserId> create_user_in_company(db::Database& database, const Clock& clock,
                                      const CreateUserOptions& options,
                                      const std::string& password) {
  TRY(auth::check_password(password));
  const std::string password_hash = auth::hash_password(password);
  const auto catalog = all_permissions();
  return database.write([&](db::Tx& tx) -> Result<UserId> {
    std::string company_name = options.company;
    if (company_name.empty()) {
      if (TRY(auth::count_companies(tx)) > 1) {
        return Error::validation("company_required",
                                 "this database has several companies: name one with --company",
                                 "company");
      }
      company_name = "My Company";
    }
    std::optional<CompanyId> company_id = TRY(auth::find_company_by_name(tx, company_name));
    if (!company_id && options.company.empty() && TRY(auth::count_companies(tx)) == 1) {
      company_id = TRY(auth::only_company(tx));
    }
    if (!company_id) {
      auth::NewCompany company;
      company.name = company_name;
      company_id = TRY(auth::create_company(tx, clock, company, catalog));
    }
    auth::NewUser user;
    user.company_id = *company_id;
    user.email = options.email;
    user.name = options.name.empty() ? options.email : options.name;
    user.password_hash = password_hash;
    user.roles = options.roles;
    return auth::create_user(tx, clock, user);
  });
}

}  // namespace keel::app
