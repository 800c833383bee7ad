#pragma once

// Fixture and helpers shared by the partners tests: a migrated database per engine, callers
// of two companies, and short ways to create parties and walk every page of a list.
#include <memory>

#include "keel/audit/audit_api.h"
#include "keel/core/clock.h"
#include "keel/db/migrations.h"
#include "keel/http/idempotency.h"
#include "keel/partners/partners_api.h"
#include "keel/testing/database.h"

namespace keel::partners::test {

inline const CompanyId company_a{1};
inline const CompanyId company_b{2};

// A caller with every partners permission for the whole company, as user 1.
inline Caller manager(CompanyId company_id) {
  Caller caller = Caller::system(company_id, UserId{1});
  return caller;
}

inline PartyDraft draft(std::string kind, std::string name) {
  PartyDraft draft;
  draft.kind = std::move(kind);
  draft.name = std::move(name);
  return draft;
}

class PartnersTest : public keel::testing::EngineTest {
 protected:
  void SetUp() override {
    m_clock = std::make_unique<ManualClock>(from_unix_us(1'795'000'000'000'000));
    const auto applied = db::migrate(
        database(), {&http::migrations(), &audit::migrations(), &partners::migrations()});
    ASSERT_TRUE(applied.ok()) << applied.error().message();
  }

 public:
  template <typename F>
  auto write(F&& fn) {
    return database().write(std::forward<F>(fn));
  }
  template <typename F>
  auto read(F&& fn) {
    return database().read(std::forward<F>(fn));
  }
  const Clock& clock() const { return *m_clock; }
  ManualClock& manual_clock() { return *m_clock; }
  db::Database& db() { return database(); }

 private:
  std::unique_ptr<ManualClock> m_clock;
};

// Creates a party and returns its id; fails the test when creation fails.
inline PartyId create(PartnersTest& test, const Caller& caller, const PartyDraft& draft) {
  auto created =
      test.write([&](db::Tx& tx) { return create_party(tx, test.clock(), caller, draft); });
  EXPECT_TRUE(created.ok()) << created.error().code() << ": " << created.error().message();
  return created.ok() ? created->party.id : PartyId{};
}

// Every party the query finds, following next_cursor to the end.
inline std::vector<Party> collect_pages(PartnersTest& test, const Caller& caller, ListQuery query) {
  std::vector<Party> all;
  for (int pages = 0; pages < 10'000; ++pages) {
    auto page = test.read([&](db::Tx& tx) { return list_parties(tx, caller, query); });
    EXPECT_TRUE(page.ok()) << page.error().code();
    if (!page.ok()) break;
    all.insert(all.end(), page->items.begin(), page->items.end());
    if (!page->next_cursor) break;
    query.cursor = *page->next_cursor;
  }
  return all;
}

template <typename T>
void expect_field_error(const Result<T>& result, const std::string& field,
                        const std::string& code) {
  ASSERT_FALSE(result.ok()) << "expected " << code;
  bool found = false;
  for (const auto& f : result.error().fields()) found |= f.field == field && f.code == code;
  EXPECT_TRUE(found) << "no " << field << ": " << code << " in " << result.error().code() << " "
                     << result.error().message();
}

}  // namespace keel::partners::test
