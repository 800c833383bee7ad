// The partners service on real SQLite and PostgreSQL databases.
#include <algorithm>
#include <set>

#include "keel/audit/audit_api.h"
#include "keel/db/migrations.h"
#include "keel/partners/partners_api.h"
#include "keel/testing/database.h"
#include "partners_test_support.h"

namespace keel::partners {
namespace {

using test::company_a;
using test::company_b;
using test::PartnersTest;

TEST_P(PartnersTest, creates_reads_updates_and_archives) {
  const Caller caller = test::manager(company_a);
  auto created = write([&](db::Tx& tx) {
    return create_party(tx, clock(), caller, test::draft("organization", "UAB Vilniaus prekyba"));
  });
  KEEL_ASSERT_OK(created);
  const PartyId id = created->party.id;
  EXPECT_EQ(created->party.version, 1);
  EXPECT_EQ(created->party.data.owner_id, caller.user_id);

  PartyPatch patch;
  patch.name = "UAB Vilniaus prekyba ir partneriai";
  patch.emails = std::vector<std::string>{"info@vp.lt"};
  auto updated = write([&](db::Tx& tx) { return update_party(tx, clock(), caller, id, 1, patch); });
  KEEL_ASSERT_OK(updated);
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(updated->data.name, "UAB Vilniaus prekyba ir partneriai");

  // A stale version is refused and changes nothing.
  patch.name = "Stale";
  KEEL_ASSERT_ERROR(
      write([&](db::Tx& tx) { return update_party(tx, clock(), caller, id, 1, patch); }),
      "party_version_conflict");
  auto read = this->read([&](db::Tx& tx) { return get_party(tx, caller, id); });
  KEEL_ASSERT_OK(read);
  EXPECT_EQ(read->data.name, "UAB Vilniaus prekyba ir partneriai");

  // The same content again is no change: no new version.
  patch.name = "UAB Vilniaus prekyba ir partneriai";
  auto same = write([&](db::Tx& tx) { return update_party(tx, clock(), caller, id, 2, patch); });
  KEEL_ASSERT_OK(same);
  EXPECT_EQ(same->version, 2);

  auto archived = write([&](db::Tx& tx) { return set_archived(tx, clock(), caller, id, true); });
  KEEL_ASSERT_OK(archived);
  EXPECT_TRUE(archived->archived);
  EXPECT_EQ(archived->version, 3);
  auto page = this->read([&](db::Tx& tx) { return list_parties(tx, caller, ListQuery{}); });
  EXPECT_TRUE(page->items.empty());
  auto back = write([&](db::Tx& tx) { return set_archived(tx, clock(), caller, id, false); });
  EXPECT_FALSE(back->archived);

  auto trail = this->read([&](db::Tx& tx) {
    audit::Filter query;
    query.entity = "partners.party";
    query.entity_id = std::to_string(id.value());
    return audit::list(tx, company_a, query);
  });
  KEEL_ASSERT_OK(trail);
  std::multiset<std::string> actions;
  for (const auto& entry : trail->items) actions.insert(entry.action);
  EXPECT_EQ(actions, (std::multiset<std::string>{"create", "update", "archive", "unarchive"}));
}

TEST_P(PartnersTest, contacts_belong_to_an_organization_of_the_same_company) {
  const Caller caller = test::manager(company_a);
  const PartyId org = test::create(*this, caller, test::draft("organization", "אלון תעשיות"));
  PartyDraft contact = test::draft("person", "דוד כהן");
  contact.parent_id = org.value();
  const PartyId person = test::create(*this, caller, contact);
  auto read = this->read([&](db::Tx& tx) { return get_party(tx, caller, org); });
  ASSERT_EQ(read->contacts.size(), 1u);
  EXPECT_EQ(read->contacts[0].id, person);

  // A person cannot be a parent, nor can another company's organization.
  PartyDraft bad = test::draft("person", "x");
  bad.parent_id = person.value();
  test::expect_field_error(
      write([&](db::Tx& tx) { return create_party(tx, clock(), caller, bad); }), "parent_id",
      "party_parent_invalid");
  const PartyId other =
      test::create(*this, test::manager(company_b), test::draft("organization", "B"));
  bad.parent_id = other.value();
  test::expect_field_error(
      write([&](db::Tx& tx) { return create_party(tx, clock(), caller, bad); }), "parent_id",
      "party_parent_invalid");
  // An organization with contacts cannot become a person.
  PartyPatch patch;
  patch.kind = "person";
  KEEL_ASSERT_ERROR(
      write([&](db::Tx& tx) { return update_party(tx, clock(), caller, org, 1, patch); }),
      "party_has_contacts");
}

TEST_P(PartnersTest, pages_cover_every_row_once_with_equal_sort_keys) {
  const Caller caller = test::manager(company_a);
  KEEL_ASSERT_OK(write([&](db::Tx& tx) -> Result<void> {
    for (int i = 0; i < 240; ++i) {
      // Ten distinct names and a clock that moves every 7 rows: many equal sort values.
      PartyDraft draft =
          test::draft(i % 2 ? "person" : "organization", "Name " + std::to_string(i % 10));
      draft.roles = {i % 3 ? "customer" : "supplier"};
      TRY(create_party(tx, clock(), caller, draft));
      if (i % 7 == 0) manual_clock().advance(std::chrono::seconds(1));
    }
    return Ok{};
  }));
  for (const std::string sort : {"name", "-name", "created_at", "-created_at", "updated_at"}) {
    ListQuery query;
    query.sort = sort;
    query.limit = 17;
    const auto all = test::collect_pages(*this, caller, query);
    ASSERT_EQ(all.size(), 240u) << sort;
    std::set<std::int64_t> unique;
    for (const auto& party : all) unique.insert(party.id.value());
    EXPECT_EQ(unique.size(), 240u) << sort;
  }
  ListQuery customers;
  customers.role = Role::customer;
  customers.kind = PartyKind::person;
  customers.limit = 500;
  auto page = this->read([&](db::Tx& tx) { return list_parties(tx, caller, customers); });
  KEEL_ASSERT_OK(page);
  EXPECT_EQ(page->items.size(), 80u);  // odd i with i % 3 != 0
  for (const auto& party : page->items) EXPECT_EQ(party.data.kind, PartyKind::person);
  EXPECT_FALSE(page->next_cursor.has_value());
}

TEST_P(PartnersTest, filters_by_tag_country_owner_and_archived) {
  const Caller caller = test::manager(company_a);
  PartyDraft a = test::draft("organization", "Tehran Steel");
  a.tags = {"VIP", "فولاد"};
  a.addresses = {{"billing", "", "", "Tehran", "", "", "IR"}};
  const PartyId steel = test::create(*this, caller, a);
  PartyDraft b = test::draft("person", "Jonas");
  b.addresses = {{"shipping", "", "", "Vilnius", "", "", "LT"}};
  b.owner_id = 999;
  const PartyId jonas = test::create(*this, caller, b);
  const auto ids = [&](ListQuery query) {
    std::vector<PartyId> out;
    for (const auto& party : test::collect_pages(*this, caller, query)) out.push_back(party.id);
    return out;
  };
  ListQuery query;
  query.tag = "vip";
  EXPECT_EQ(ids(query), std::vector<PartyId>{steel});
  query = {};
  query.tag = "فولاد";
  EXPECT_EQ(ids(query), std::vector<PartyId>{steel});
  query = {};
  query.country = "LT";
  EXPECT_EQ(ids(query), std::vector<PartyId>{jonas});
  query = {};
  query.owner_me = true;
  EXPECT_EQ(ids(query), std::vector<PartyId>{steel});
  KEEL_ASSERT_OK(write([&](db::Tx& tx) { return set_archived(tx, clock(), caller, jonas, true); }));
  query = {};
  query.archived = ArchivedFilter::archived;
  EXPECT_EQ(ids(query), std::vector<PartyId>{jonas});
  query.archived = ArchivedFilter::all;
  EXPECT_EQ(ids(query).size(), 2u);
  auto stats = this->read([&](db::Tx& tx) { return partners::stats(tx, caller); });
  KEEL_ASSERT_OK(stats);
  EXPECT_EQ(stats->total, 1);
  ASSERT_EQ(stats->by_country.size(), 1u);
  EXPECT_EQ(stats->by_country[0], (std::pair<std::string, std::int64_t>{"IR", 1}));
}

TEST_P(PartnersTest, searches_multilingual_text) {
  const Caller caller = test::manager(company_a);
  const PartyId rezaei = test::create(*this, caller, test::draft("person", "محمد رضایی"));
  const PartyId ali = test::create(*this, caller, test::draft("person", "علی کریمی"));
  const PartyId ali_arabic = test::create(*this, caller, test::draft("person", "علي كريمي"));
  const PartyId kamran = test::create(*this, caller, test::draft("person", "كامران يزدي"));
  const PartyId wang = test::create(*this, caller, test::draft("person", "王伟"));
  const PartyId ona = test::create(*this, caller, test::draft("person", "ĄŽUOLAS Šimkus"));
  const PartyId sarah = test::create(*this, caller, test::draft("person", "שָׂרָה לֵוִי"));
  PartyDraft tagged = test::draft("organization", "Northwind 100% Ltd");
  tagged.emails = {"Accounts@Northwind.example"};
  tagged.phones = {"+44 20 7946 0958"};
  tagged.tax_id = "GB-123.456";
  tagged.tags = {"Wholesale_EU"};
  const PartyId northwind = test::create(*this, caller, tagged);
  const auto search = [&](std::string q) {
    ListQuery query;
    query.q = std::move(q);
    std::set<PartyId> out;
    for (const auto& party : test::collect_pages(*this, caller, query)) out.insert(party.id);
    return out;
  };
  EXPECT_EQ(search("محمد"), std::set<PartyId>{rezaei});
  EXPECT_EQ(search("علي"), (std::set<PartyId>{ali, ali_arabic}));
  EXPECT_EQ(search("علی"), (std::set<PartyId>{ali, ali_arabic}));
  EXPECT_EQ(search("کامران"), std::set<PartyId>{kamran});
  EXPECT_EQ(search("كامران"), std::set<PartyId>{kamran});
  EXPECT_EQ(search("王"), std::set<PartyId>{wang});
  EXPECT_EQ(search("ąžuolas"), std::set<PartyId>{ona});
  EXPECT_EQ(search("šimkus"), std::set<PartyId>{ona});
  EXPECT_EQ(search("שרה"), std::set<PartyId>{sarah});
  EXPECT_EQ(search("accounts@northwind"), std::set<PartyId>{northwind});
  EXPECT_EQ(search("442079"), std::set<PartyId>{northwind});
  EXPECT_EQ(search("gb-123"), std::set<PartyId>{northwind});
  EXPECT_EQ(search("wholesale_eu"), std::set<PartyId>{northwind});
  EXPECT_EQ(search("100%"), std::set<PartyId>{northwind});
  EXPECT_TRUE(search("1_0").empty());         // _ is literal, not a wildcard
  EXPECT_TRUE(search("%").empty() == false);  // a literal % matches "100%"
}

TEST_P(PartnersTest, credit_fields_need_their_own_permissions) {
  Caller writer = test::manager(company_a);
  writer.credit_read = writer.credit_write = false;
  PartyDraft draft = test::draft("organization", "Credit Co");
  draft.currency = "EUR";
  draft.credit_limit = "1000.00";
  auto refused = write([&](db::Tx& tx) { return create_party(tx, clock(), writer, draft); });
  KEEL_ASSERT_ERROR(refused, "permission_denied");
  EXPECT_EQ(refused.error().fields().at(0).field, "credit_limit");
  draft.credit_limit.reset();
  draft.payment_terms = "net30";
  refused = write([&](db::Tx& tx) { return create_party(tx, clock(), writer, draft); });
  KEEL_ASSERT_ERROR(refused, "permission_denied");
  EXPECT_EQ(refused.error().fields().at(0).field, "payment_terms");

  const Caller accountant = test::manager(company_a);
  draft.credit_limit = "1000.00";
  const PartyId id = test::create(*this, accountant, draft);
  const Party party = this->read([&](db::Tx& tx) { return get_party(tx, writer, id); }).value();
  EXPECT_FALSE(to_json(party, writer).contains("credit_limit"));
  EXPECT_FALSE(to_json(party, writer).contains("payment_terms"));
  EXPECT_EQ(to_json(party, accountant)["credit_limit"], "1000.00");
  PartyPatch patch;
  patch.credit_limit = std::optional<std::string>{"5.00"};
  KEEL_ASSERT_ERROR(
      write([&](db::Tx& tx) { return update_party(tx, clock(), writer, id, 1, patch); }),
      "permission_denied");
  // A new currency without a new limit would silently change what the limit means.
  PartyPatch currency;
  currency.currency = "USD";
  test::expect_field_error(
      write([&](db::Tx& tx) { return update_party(tx, clock(), accountant, id, 1, currency); }),
      "currency", "credit_limit_currency_changed");
  const std::string csv =
      this->read([&](db::Tx& tx) { return export_csv(tx, writer, ListQuery{}); }).value();
  EXPECT_EQ(csv.find("credit_limit"), std::string::npos);
  EXPECT_EQ(csv.find("1000.00"), std::string::npos);
}

TEST_P(PartnersTest, own_scope_sees_and_changes_only_own_parties) {
  const Caller manager = test::manager(company_a);
  Caller sales = test::manager(company_a);
  sales.user_id = UserId{2};
  sales.read = sales.write = sales.archive = http::Scope::own;
  const PartyId theirs = test::create(*this, manager, test::draft("organization", "Manager's"));
  const PartyId mine = test::create(*this, sales, test::draft("organization", "Sales'"));
  auto page = this->read([&](db::Tx& tx) { return list_parties(tx, sales, ListQuery{}); });
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].id, mine);
  KEEL_ASSERT_ERROR(this->read([&](db::Tx& tx) { return get_party(tx, sales, theirs); }),
                    "party_not_found");
  PartyPatch patch;
  patch.name = "Taken";
  KEEL_ASSERT_ERROR(
      write([&](db::Tx& tx) { return update_party(tx, clock(), sales, theirs, 1, patch); }),
      "party_not_found");
  KEEL_ASSERT_ERROR(
      write([&](db::Tx& tx) { return set_archived(tx, clock(), sales, theirs, true); }),
      "party_not_found");
  PartyPatch give_away;
  give_away.owner_id = std::optional<std::int64_t>{1};
  KEEL_ASSERT_ERROR(
      write([&](db::Tx& tx) { return update_party(tx, clock(), sales, mine, 1, give_away); }),
      "permission_denied");
  EXPECT_EQ(this->read([&](db::Tx& tx) { return partners::stats(tx, sales); })->total, 1);
  EXPECT_EQ(this->read([&](db::Tx& tx) { return partners::stats(tx, manager); })->total, 2);
}

TEST_P(PartnersTest, companies_never_see_each_other) {
  const PartyId a =
      test::create(*this, test::manager(company_a), test::draft("person", "Jonas Jonaitis"));
  const Caller other = test::manager(company_b);
  KEEL_ASSERT_ERROR(this->read([&](db::Tx& tx) { return get_party(tx, other, a); }),
                    "party_not_found");
  PartyPatch patch;
  patch.name = "Hijacked";
  KEEL_ASSERT_ERROR(
      write([&](db::Tx& tx) { return update_party(tx, clock(), other, a, 1, patch); }),
      "party_not_found");
  ListQuery query;
  query.q = "Jonaitis";
  EXPECT_TRUE(
      this->read([&](db::Tx& tx) { return list_parties(tx, other, query); })->items.empty());
  EXPECT_EQ(this->read([&](db::Tx& tx) { return partners::stats(tx, other); })->total, 0);
}

TEST_P(PartnersTest, warns_about_duplicates_by_email_and_tax_id) {
  const Caller caller = test::manager(company_a);
  PartyDraft first = test::draft("organization", "Tehran Steel");
  first.emails = {"sales@steel.example"};
  first.tax_id = "10101234567";
  const PartyId original = test::create(*this, caller, first);
  PartyDraft second = test::draft("organization", "Tehran Steel Co");
  second.emails = {"SALES@steel.example"};
  second.tax_id = "101-0123-4567";
  auto created = write([&](db::Tx& tx) { return create_party(tx, clock(), caller, second); });
  KEEL_ASSERT_OK(created);
  EXPECT_EQ(created->duplicate_warnings,
            (std::vector<DuplicateMatch>{{original, "Tehran Steel", "email"},
                                         {original, "Tehran Steel", "tax_id"}}));
  auto lookup = this->read([&](db::Tx& tx) {
    return find_duplicates(tx, caller, "sales@steel.example", "", created->party.id);
  });
  EXPECT_EQ(lookup->size(), 1u);
  // Another company's party is never a duplicate.
  auto other = this->read([&](db::Tx& tx) {
    return find_duplicates(tx, test::manager(company_b), "sales@steel.example", "10101234567");
  });
  EXPECT_TRUE(other->empty());
}

TEST_P(PartnersTest, list_refuses_bad_parameters) {
  const Caller caller = test::manager(company_a);
  const auto list = [&](ListQuery query) {
    return this->read([&](db::Tx& tx) { return list_parties(tx, caller, query); });
  };
  ListQuery query;
  query.limit = 0;
  KEEL_ASSERT_ERROR(list(query), "list_limit_invalid");
  query.limit = 501;
  KEEL_ASSERT_ERROR(list(query), "list_limit_invalid");
  query = {};
  query.sort = "colour";
  KEEL_ASSERT_ERROR(list(query), "list_sort_invalid");
  query = {};
  query.cursor = "garbage!";
  KEEL_ASSERT_ERROR(list(query), "list_cursor_invalid");
  query = {};
  query.q = std::string(201, 'x');
  KEEL_ASSERT_ERROR(list(query), "search_query_too_long");
}

TEST_P(PartnersTest, seeds_multilingual_demo_data) {
  KEEL_ASSERT_OK(write([&](db::Tx& tx) { return seed_demo(tx, clock(), company_a, UserId{1}); }));
  const Caller caller = test::manager(company_a);
  auto stats = this->read([&](db::Tx& tx) { return partners::stats(tx, caller); });
  KEEL_ASSERT_OK(stats);
  EXPECT_GE(stats->total, 50);
  const auto search = [&](std::string q) {
    ListQuery query;
    query.q = std::move(q);
    return test::collect_pages(*this, caller, query).size();
  };
  EXPECT_GE(search("محمد"), 1u);
  EXPECT_GE(search("كريمي"), 1u);  // stored with Arabic letters, found either way
  EXPECT_GE(search("کریمی"), 1u);
  EXPECT_GE(search("王"), 1u);
  EXPECT_GE(search("šiaulių"), 1u);
  EXPECT_GE(search("דוד"), 1u);
  ListQuery organizations;
  organizations.kind = PartyKind::organization;
  organizations.q = "Northwind";
  const auto found = test::collect_pages(*this, caller, organizations);
  ASSERT_EQ(found.size(), 1u);
  auto northwind = this->read([&](db::Tx& tx) { return get_party(tx, caller, found[0].id); });
  EXPECT_EQ(northwind->contacts.size(), 2u);
}

KEEL_INSTANTIATE_ENGINES(PartnersTest);

}  // namespace
}  // namespace keel::partners
