#include <chrono>

#include "auth_test_support.h"
#include "keel/core/limits.h"
#include "keel/http/http.h"

namespace keel::auth::test {
namespace {

using std::chrono::hours;

class AuthServiceTest : public AuthFixture {
 protected:
  Result<CompanyId> try_company(NewCompany company) {
    return write([&](db::Tx& tx) { return create_company(tx, m_clock, company, m_catalog); });
  }
  Result<UserId> try_user(NewUser user) {
    if (!user.company_id.valid()) user.company_id = m_company;
    if (user.name.empty()) user.name = "Someone";
    if (user.password.empty() && user.password_hash.empty())
      user.password_hash = password_hash_once();
    return write([&](db::Tx& tx) { return create_user(tx, m_clock, user); });
  }
  detail::Actor admin() const { return {m_company, m_admin, "req-test"}; }

  Result<http::Principal> authenticate(http::Request request) {
    auto authenticator = make_authenticator(m_clock);
    return read([&](db::Tx& tx) { return authenticator->authenticate(tx, request); });
  }
  http::Request bearer(const std::string& token) {
    http::Request request;
    request.headers.emplace_back("Authorization", "Bearer " + token);
    return request;
  }
  http::Request cookie(const std::string& token) {
    http::Request request;
    request.headers.emplace_back("Cookie", "theme=dark; keel_session=" + token);
    return request;
  }
  detail::IssuedToken session_for(CompanyId company, UserId user) {
    auto issued = write([&](db::Tx& tx) {
      return detail::create_session(tx, m_clock, {company, user, ""});
    });
    KEEL_ASSERT(issued.ok());
    return *issued;
  }
};

TEST_P(AuthServiceTest, company_gets_builtin_roles_with_default_grants) {
  auto roles = read([&](db::Tx& tx) { return detail::list_roles(tx, m_company); });
  KEEL_ASSERT_OK(roles);
  std::map<std::string, detail::RoleView> by_code;
  for (auto& role : *roles) by_code[role.code] = role;
  ASSERT_EQ(by_code.size(), 5u);
  for (const char* code : {"admin", "manager", "sales", "accountant", "viewer"}) {
    ASSERT_TRUE(by_code.contains(code)) << code;
    EXPECT_TRUE(by_code[code].builtin);
  }
  // admin holds every catalog permission with scope all.
  ASSERT_EQ(by_code["admin"].grants.size(), m_catalog.size());
  for (const auto& grant : by_code["admin"].grants) EXPECT_EQ(grant.scope, http::Scope::all);
  auto grant_of = [&](const std::string& role, const std::string& permission) {
    for (const auto& grant : by_code[role].grants) {
      if (grant.permission == permission) return grant.scope;
    }
    return http::Scope::none;
  };
  EXPECT_EQ(grant_of("manager", "audit.log.read"), http::Scope::all);
  EXPECT_EQ(grant_of("sales", "auth.token.manage"), http::Scope::own);
  EXPECT_EQ(grant_of("viewer", "auth.user.write"), http::Scope::none);
  EXPECT_EQ(audit_rows(m_company, "auth.company").size(), 1u);
}

TEST_P(AuthServiceTest, company_lookups) {
  EXPECT_EQ(*read([&](db::Tx& tx) { return count_companies(tx); }), 1);
  EXPECT_EQ(*read([&](db::Tx& tx) { return only_company(tx); }), m_company);
  EXPECT_EQ(*read([&](db::Tx& tx) { return find_company_by_name(tx, "Acme"); }), m_company);
  EXPECT_FALSE(read([&](db::Tx& tx) { return find_company_by_name(tx, "acme"); })->has_value());
  make_company("Beta");
  KEEL_ASSERT_ERROR(read([&](db::Tx& tx) { return only_company(tx); }), "company_not_found");
}

TEST_P(AuthServiceTest, company_input_errors) {
  KEEL_ASSERT_ERROR(try_company({.name = "Acme"}), "company_name_taken");
  KEEL_ASSERT_ERROR(try_company({.name = ""}), "company_name_invalid");
  KEEL_ASSERT_ERROR(try_company({.name = std::string(limits::kNameLengthMax + 1, 'x')}),
                    "company_name_invalid");
  KEEL_ASSERT_ERROR(try_company({.name = "X", .currency = "eu"}), "currency_invalid");
  KEEL_ASSERT_ERROR(try_company({.name = "X", .currency = "ABC"}), "currency_unknown");
  KEEL_ASSERT_ERROR(try_company({.name = "X", .country = "Lithuania"}), "country_invalid");
  KEEL_ASSERT_ERROR(try_company({.name = "X", .calendar = "julian"}), "calendar_invalid");
  KEEL_ASSERT_ERROR(try_company({.name = "X", .language = "de"}), "language_unsupported");
  auto persian = try_company({.name = "Tehran Trading",
                              .currency = "IRR",
                              .country = "IR",
                              .calendar = "persian",
                              .language = "fa"});
  KEEL_ASSERT_OK(persian);
  auto view = read([&](db::Tx& tx) { return detail::get_company(tx, *persian); });
  EXPECT_EQ(view->calendar, "persian");
  EXPECT_EQ(view->currency, "IRR");
}

TEST_P(AuthServiceTest, seeding_twice_is_refused_and_sync_adds_new_permissions) {
  KEEL_ASSERT_ERROR(write([&](db::Tx& tx) { return seed_builtin_roles(tx, m_company, m_catalog); }),
                    "role_code_taken");
  auto catalog = m_catalog;
  catalog.push_back({.code = "sales.order.read",
                     .description = "Read orders",
                     .default_roles = {{"sales", http::Scope::own}, {"viewer", http::Scope::all}}});
  auto added = write([&](db::Tx& tx) { return sync_builtin_roles(tx, catalog); });
  KEEL_ASSERT_OK(added);
  EXPECT_EQ(*added, 3);  // admin, sales, viewer
  EXPECT_EQ(*write([&](db::Tx& tx) { return sync_builtin_roles(tx, catalog); }), 0);
}

TEST_P(AuthServiceTest, create_user_normalizes_the_email_and_audits) {
  auto id = try_user({.email = "  Ada.Lovelace@Example.COM ", .roles = {"sales", "viewer"}});
  KEEL_ASSERT_OK(id);
  auto user = read([&](db::Tx& tx) { return detail::get_user(tx, m_company, *id); });
  KEEL_ASSERT_OK(user);
  EXPECT_EQ(user->email, "ada.lovelace@example.com");
  EXPECT_EQ(user->roles, (std::vector<std::string>{"sales", "viewer"}));
  EXPECT_EQ(user->language, "en");
  EXPECT_EQ(user->version, 1);
  auto rows = audit_rows(m_company, "auth.user");
  ASSERT_EQ(rows.size(), 2u);  // the admin and this one
  EXPECT_EQ(rows[0].after["email"], "ada.lovelace@example.com");
  EXPECT_FALSE(rows[0].after.contains("password_hash"));
}

TEST_P(AuthServiceTest, create_user_with_a_plain_password_hashes_it) {
  auto id = try_user({.email = "plain@acme.example", .password = "long enough password"});
  KEEL_ASSERT_OK(id);
  auto login = read([&](db::Tx& tx) { return detail::find_login(tx, "plain@acme.example"); });
  ASSERT_TRUE(login->has_value());
  EXPECT_TRUE(verify_password((*login)->password_hash, "long enough password"));
}

TEST_P(AuthServiceTest, create_user_errors) {
  KEEL_ASSERT_ERROR(try_user({.email = "no-at-sign"}), "email_invalid");
  KEEL_ASSERT_ERROR(try_user({.email = "a@b"}), "email_invalid");
  KEEL_ASSERT_ERROR(try_user({.email = "a b@c.de"}), "email_invalid");
  KEEL_ASSERT_ERROR(try_user({.email = std::string(250, 'a') + "@x.de"}), "email_invalid");
  KEEL_ASSERT_ERROR(try_user({.email = "ADMIN@acme.example"}), "email_taken");
  KEEL_ASSERT_ERROR(try_user({.email = "p@acme.example", .password = "short"}),
                    "password_too_short");
  KEEL_ASSERT_ERROR(try_user({.email = "p@acme.example",
                              .password = std::string(limits::kPasswordLengthMax + 1, 'x')}),
                    "password_too_long");
  KEEL_ASSERT_ERROR(try_user({.email = "r@acme.example", .roles = {"pirate"}}), "role_unknown");
  KEEL_ASSERT_ERROR(
      try_user({.email = "r@acme.example",
                .roles = std::vector<std::string>(limits::kUserRolesCountMax + 1, "viewer")}),
      "roles_too_many");
  KEEL_ASSERT_ERROR(try_user({.email = "n@acme.example", .name = std::string(301, 'n')}),
                    "user_name_invalid");
  KEEL_ASSERT_ERROR(try_user({.email = "l@acme.example", .language = "de"}),
                    "language_unsupported");
}

TEST_P(AuthServiceTest, bearer_and_cookie_resolve_the_principal) {
  const auto issued = session_for(m_company, m_admin);
  auto via_bearer = authenticate(bearer(issued.token));
  KEEL_ASSERT_OK(via_bearer);
  EXPECT_EQ(via_bearer->user_id, m_admin);
  EXPECT_EQ(via_bearer->company_id, m_company);
  EXPECT_EQ(via_bearer->via, http::Principal::Via::bearer_session);
  EXPECT_TRUE(via_bearer->csrf_token.empty());
  EXPECT_EQ(via_bearer->session_id, std::to_string(issued.id));
  EXPECT_EQ(via_bearer->roles, std::vector<std::string>{"admin"});
  EXPECT_EQ(via_bearer->permissions.at("auth.user.write"), http::Scope::all);

  auto via_cookie = authenticate(cookie(issued.token));
  KEEL_ASSERT_OK(via_cookie);
  EXPECT_EQ(via_cookie->via, http::Principal::Via::session_cookie);
  EXPECT_EQ(via_cookie->csrf_token, issued.csrf_token);
  EXPECT_FALSE(issued.csrf_token.empty());
}

TEST_P(AuthServiceTest, bad_credentials_are_refused) {
  KEEL_ASSERT_ERROR(authenticate({}), "authentication_required");
  KEEL_ASSERT_ERROR(authenticate(bearer("not-a-token")), "session_invalid");
  http::Request basic;
  basic.headers.emplace_back("Authorization", "Basic YWRtaW46YWRtaW4=");
  KEEL_ASSERT_ERROR(authenticate(basic), "session_invalid");
  KEEL_ASSERT_ERROR(authenticate(cookie("")), "authentication_required");
}

TEST_P(AuthServiceTest, sessions_expire_and_can_be_revoked) {
  const auto issued = session_for(m_company, m_admin);
  m_clock.advance(hours(limits::kSessionLifetimeHours) - std::chrono::seconds(1));
  KEEL_ASSERT_OK(authenticate(bearer(issued.token)));
  m_clock.advance(std::chrono::seconds(1));
  KEEL_ASSERT_ERROR(authenticate(bearer(issued.token)), "session_invalid");

  const auto second = session_for(m_company, m_admin);
  KEEL_ASSERT_OK(
      write([&](db::Tx& tx) { return detail::revoke_session(tx, m_clock, admin(), second.id); }));
  KEEL_ASSERT_ERROR(authenticate(cookie(second.token)), "session_invalid");
  EXPECT_EQ(audit_rows(m_company, "auth.session").at(0).action, "logout");
}

TEST_P(AuthServiceTest, disabled_users_lose_their_sessions) {
  const UserId clerk = make_user(m_company, "clerk@acme.example", {"viewer"});
  const auto issued = session_for(m_company, clerk);
  KEEL_ASSERT_OK(authenticate(bearer(issued.token)));
  KEEL_ASSERT_OK(write([&](db::Tx& tx) {
    return detail::update_user(tx, m_clock, admin(), clerk, {.disabled = true, .version = 1});
  }));
  KEEL_ASSERT_ERROR(authenticate(bearer(issued.token)), "session_invalid");
}

TEST_P(AuthServiceTest, grants_union_keeps_the_widest_scope) {
  KEEL_ASSERT_OK(write([&](db::Tx& tx) {
    return detail::create_role(tx, m_clock, admin(),
                               {.code = "token_admin",
                                .name = "Token admin",
                                .grants = {{"auth.token.manage", http::Scope::all},
                                           {"auth.role.read", http::Scope::own},
                                           {"auth.role.read", http::Scope::own}}},
                               m_catalog);
  }));
  const UserId seller = make_user(m_company, "seller@acme.example", {"sales", "token_admin"});
  auto who = authenticate(bearer(session_for(m_company, seller).token));
  KEEL_ASSERT_OK(who);
  EXPECT_EQ(who->roles, (std::vector<std::string>{"sales", "token_admin"}));
  EXPECT_EQ(who->permissions.at("auth.token.manage"), http::Scope::all);  // own ∪ all
  EXPECT_EQ(who->permissions.at("auth.role.read"), http::Scope::own);
  EXPECT_FALSE(who->permissions.contains("auth.user.write"));
}

TEST_P(AuthServiceTest, role_errors) {
  auto create = [&](detail::NewRole role) {
    return write(
        [&](db::Tx& tx) { return detail::create_role(tx, m_clock, admin(), role, m_catalog); });
  };
  KEEL_ASSERT_ERROR(create({.code = "x", .name = "X", .grants = {{"no.such.thing"}}}),
                    "permission_unknown");
  KEEL_ASSERT_ERROR(create({.code = "Bad Code", .name = "X"}), "role_code_invalid");
  KEEL_ASSERT_ERROR(create({.code = "ok", .name = ""}), "role_name_invalid");
  KEEL_ASSERT_ERROR(create({.code = "manager", .name = "Again"}), "role_code_taken");
  KEEL_ASSERT_OK(create({.code = "auditor", .name = "Auditor", .grants = {{"audit.log.read"}}}));
  EXPECT_EQ(audit_rows(m_company, "auth.role").at(0).after["code"], "auditor");
}

TEST_P(AuthServiceTest, user_updates_check_the_version_and_the_company) {
  const UserId clerk = make_user(m_company, "clerk@acme.example", {"viewer"});
  auto updated = write([&](db::Tx& tx) {
    return detail::update_user(
        tx, m_clock, admin(), clerk,
        {.name = "Clerk Kent", .roles = std::vector<std::string>{"sales"}, .version = 1});
  });
  KEEL_ASSERT_OK(updated);
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(updated->roles, std::vector<std::string>{"sales"});
  KEEL_ASSERT_ERROR(write([&](db::Tx& tx) {
                      return detail::update_user(tx, m_clock, admin(), clerk,
                                                 {.name = "Stale", .version = 1});
                    }),
                    "version_conflict");
  const CompanyId other = make_company("Other");
  const UserId stranger = make_user(other, "stranger@other.example", {"viewer"});
  KEEL_ASSERT_ERROR(write([&](db::Tx& tx) {
                      return detail::update_user(tx, m_clock, admin(), stranger,
                                                 {.name = "Mine now", .version = 1});
                    }),
                    "user_not_found");
  KEEL_ASSERT_ERROR(read([&](db::Tx& tx) { return detail::get_user(tx, m_company, stranger); }),
                    "user_not_found");
  KEEL_ASSERT_ERROR(write([&](db::Tx& tx) {
                      return detail::update_user(tx, m_clock, admin(), m_admin,
                                                 {.disabled = true, .version = 1});
                    }),
                    "user_cannot_disable_self");
  KEEL_ASSERT_ERROR(write([&](db::Tx& tx) {
                      return detail::update_user(tx, m_clock, admin(), clerk,
                                                 {.name = "", .version = 2});
                    }),
                    "user_name_invalid");
  KEEL_ASSERT_ERROR(write([&](db::Tx& tx) {
                      return detail::update_user(tx, m_clock, admin(), clerk,
                                                 {.language = "xx", .version = 2});
                    }),
                    "language_unsupported");
  auto rows = audit_rows(m_company, "auth.user");
  EXPECT_EQ(rows.at(0).action, "update");
  EXPECT_EQ(rows.at(0).before["name"], "Test User");
  EXPECT_EQ(rows.at(0).after["name"], "Clerk Kent");
}

TEST_P(AuthServiceTest, preferences_errors) {
  auto update = [&](detail::Preferences preferences) {
    return write(
        [&](db::Tx& tx) { return detail::update_preferences(tx, m_clock, admin(), preferences); });
  };
  KEEL_ASSERT_ERROR(update({.language = "de"}), "language_unsupported");
  KEEL_ASSERT_ERROR(update({.calendar = "mayan"}), "calendar_invalid");
  KEEL_ASSERT_OK(update({.language = "fa", .calendar = "persian"}));
  auto me = read([&](db::Tx& tx) { return detail::me_json(tx, m_company, m_admin); });
  EXPECT_EQ((*me)["language"], "fa");
  EXPECT_EQ((*me)["preferences"]["calendar"], "persian");
}

TEST_P(AuthServiceTest, api_tokens_authenticate_until_revoked) {
  auto issued =
      write([&](db::Tx& tx) { return detail::create_api_token(tx, m_clock, admin(), "ci"); });
  KEEL_ASSERT_OK(issued);
  EXPECT_FALSE(issued->expires_at.has_value());
  m_clock.advance(hours(24 * 365));  // API tokens do not expire
  auto who = authenticate(bearer(issued->token));
  KEEL_ASSERT_OK(who);
  EXPECT_EQ(who->via, http::Principal::Via::api_token);
  // API tokens are for the Authorization header only.
  KEEL_ASSERT_ERROR(authenticate(cookie(issued->token)), "session_invalid");
  KEEL_ASSERT_OK(write(
      [&](db::Tx& tx) { return detail::revoke_api_token(tx, m_clock, admin(), issued->id); }));
  KEEL_ASSERT_ERROR(authenticate(bearer(issued->token)), "session_invalid");
  // Revoking again changes nothing and is not an error.
  KEEL_ASSERT_OK(write(
      [&](db::Tx& tx) { return detail::revoke_api_token(tx, m_clock, admin(), issued->id); }));
  EXPECT_EQ(audit_rows(m_company, "auth.api_token").size(), 2u);  // create, revoke
}

TEST_P(AuthServiceTest, api_token_errors) {
  auto create = [&](std::string name) {
    return write([&](db::Tx& tx) { return detail::create_api_token(tx, m_clock, admin(), name); });
  };
  KEEL_ASSERT_ERROR(create(""), "token_name_invalid");
  for (std::int64_t i = 0; i < limits::kApiTokensActiveMax; ++i) {
    KEEL_ASSERT_OK(create("t" + std::to_string(i)));
  }
  KEEL_ASSERT_ERROR(create("one too many"), "api_tokens_too_many");
  const UserId clerk = make_user(m_company, "clerk@acme.example", {"viewer"});
  auto theirs = write([&](db::Tx& tx) {
    return detail::create_api_token(tx, m_clock, {m_company, clerk, ""}, "theirs");
  });
  KEEL_ASSERT_OK(theirs);
  KEEL_ASSERT_ERROR(
      write([&](db::Tx& tx) { return detail::revoke_api_token(tx, m_clock, admin(), theirs->id); }),
      "token_not_found");
}

TEST_P(AuthServiceTest, throttle_counts_failures_in_the_window) {
  const std::string email = "admin@acme.example";
  auto retry = [&] {
    auto value =
        read([&](db::Tx& tx) { return detail::throttle_retry_after_s(tx, m_clock, email); });
    KEEL_ASSERT(value.ok());
    return *value;
  };
  for (int i = 0; i < limits::kLoginFailuresMax; ++i) {
    EXPECT_FALSE(retry().has_value());
    KEEL_ASSERT_OK(
        write([&](db::Tx& tx) { return detail::record_login_failure(tx, m_clock, email); }));
    m_clock.advance(std::chrono::seconds(60));
  }
  ASSERT_TRUE(retry().has_value());
  // The first failure was 5 minutes ago; it leaves the 15-minute window in 10 minutes.
  EXPECT_EQ(*retry(), limits::kLoginFailureWindowS - limits::kLoginFailuresMax * 60);
  m_clock.advance(std::chrono::seconds(*retry()));
  EXPECT_FALSE(retry().has_value());
}

KEEL_INSTANTIATE_ENGINES(AuthServiceTest);

}  // namespace
}  // namespace keel::auth::test
