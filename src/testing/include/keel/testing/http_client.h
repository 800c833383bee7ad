#pragma once

// In-process HTTP for module tests: a module's routes through keel_http's Dispatcher, with
// principals named in the X-Test-User header, each call checking its status. Header-only; a
// test that includes it links keel_http through its module.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "keel/core/clock.h"
#include "keel/core/ids.h"
#include "keel/db/db.h"
#include "keel/http/dispatcher.h"
#include "keel/http/router.h"

namespace keel::testing {

using Permissions = std::map<std::string, http::Scope, std::less<>>;

inline http::Principal principal(CompanyId company, std::int64_t user, Permissions permissions) {
  http::Principal p;
  p.company_id = company;
  p.user_id = UserId{user};
  p.permissions = std::move(permissions);
  return p;
}

// Principals by the name the request gives in X-Test-User; no header or an unknown name is
// unauthenticated.
class NamedAuthenticator final : public http::Authenticator {
 public:
  void add(const std::string& name, http::Principal principal) {
    m_principals[name] = std::move(principal);
  }
  Result<http::Principal> authenticate(db::Tx&, const http::Request& request) override {
    const auto name = request.header("X-Test-User");
    if (!name) return Error::unauthenticated("unauthenticated", "no test user");
    const auto found = m_principals.find(std::string(*name));
    if (found == m_principals.end()) return Error::unauthenticated("unauthenticated", "unknown");
    return found->second;
  }

 private:
  std::map<std::string, http::Principal> m_principals;
};

// The routes added to router() behind a Dispatcher (made at the first call). The database
// and clock must outlive it.
class HttpClient {
 public:
  HttpClient(db::Database& database, const Clock& clock) : m_database(database), m_clock(clock) {}

  http::Router& router() { return m_router; }
  NamedAuthenticator& users() { return m_users; }

  // `target` is a path with an optional "?a=1&b=2" query; `body` "" sends none, else with
  // `content_type`. POSTs carry a fresh Idempotency-Key. Returns the response as it is.
  http::Response send(http::Method method, const std::string& target, const std::string& user,
                      std::string body = {},
                      std::vector<std::pair<std::string, std::string>> headers = {},
                      const std::string& content_type = "application/json") {
    http::Request request;
    request.method = method;
    const auto question = target.find('?');
    request.path = target.substr(0, question);
    if (question != std::string::npos) {
      std::string rest = target.substr(question + 1);
      while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string pair = rest.substr(0, amp);
        const auto eq = pair.find('=');
        request.query[pair.substr(0, eq)] = eq == std::string::npos ? "" : pair.substr(eq + 1);
        rest = amp == std::string::npos ? "" : rest.substr(amp + 1);
      }
    }
    request.headers = std::move(headers);
    request.headers.emplace_back("X-Test-User", user);
    if (!body.empty()) request.headers.emplace_back("Content-Type", content_type);
    if (method == http::Method::post) {
      request.headers.emplace_back("Idempotency-Key", "k" + std::to_string(++m_keys));
    }
    request.body = std::move(body);
    if (!m_dispatcher) {
      m_dispatcher = std::make_unique<http::Dispatcher>(m_router, m_database, m_users, m_clock);
    }
    return m_dispatcher->dispatch(std::move(request));
  }

  // As send, with a JSON body (null sends none); expects `expected_status` and returns the
  // body parsed (discarded JSON when it is not JSON).
  nlohmann::json call(http::Method method, const std::string& target, const std::string& user,
                      const nlohmann::json& body, int expected_status) {
    const auto response = send(method, target, user, body.is_null() ? "" : body.dump());
    EXPECT_EQ(response.status, expected_status) << target << ": " << response.body;
    return nlohmann::json::parse(response.body, nullptr, false);
  }

 private:
  db::Database& m_database;
  const Clock& m_clock;
  http::Router m_router;
  NamedAuthenticator m_users;
  std::unique_ptr<http::Dispatcher> m_dispatcher;  // made at the first call, routes added
  int m_keys = 0;
};

}  // namespace keel::testing
