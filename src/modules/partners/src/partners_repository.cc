#include "partners_repository.h"

#include <charconv>
#include <nlohmann/json.hpp>
#include <set>

#include "keel/core/assert.h"
#include "keel/core/limits.h"
#include "partners_domain.h"

namespace keel::partners::repository {
namespace {

using nlohmann::json;

constexpr std::string_view kColumns =
    "p.id, p.company_id, p.kind, p.name, p.parent_id, p.roles_json, p.emails_json, "
    "p.phones_json, p.websites_json, p.social_json, p.addresses_json, p.tags_json, p.language, "
    "p.currency, p.tax_id, p.notes, p.owner_id, p.payment_terms, p.credit_limit_minor, "
    "p.archived, p.version, p.created_at, p.updated_at";

std::string strings_json(const std::vector<std::string>& values) { return json(values).dump(); }

std::vector<std::string> strings_from(const std::string& text) {
  return json::parse(text).get<std::vector<std::string>>();
}

std::string social_json(const std::vector<SocialHandle>& social) {
  return domain::social_to_json(social).dump();
}

std::string addresses_json(const std::vector<Address>& addresses) {
  return domain::addresses_to_json(addresses).dump();
}

std::string roles_json(const std::vector<Role>& roles) {
  json out = json::array();
  for (const Role role : roles) out.push_back(to_string(role));
  return out.dump();
}

// Instants are stored as format_instant() text: "2026-11-24T12:34:56.123456Z".
Instant parse_instant(const std::string& text) {
  KEEL_ASSERT(text.size() == 27 && text[4] == '-' && text[10] == 'T' && text[26] == 'Z');
  const auto number = [&text](std::size_t at, std::size_t length) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data() + at, text.data() + at + length, value);
    KEEL_ASSERT(error == std::errc() && end == text.data() + at + length);
    return value;
  };
  using namespace std::chrono;
  const sys_days date = year{number(0, 4)} / month{static_cast<unsigned>(number(5, 2))} /
                        day{static_cast<unsigned>(number(8, 2))};
  return Instant(date) + hours{number(11, 2)} + minutes{number(14, 2)} + seconds{number(17, 2)} +
         microseconds{number(20, 6)};
}

Party party_from(const db::Row& row) {
  Party party;
  party.id = PartyId{row.integer(0)};
  party.company_id = CompanyId{row.integer(1)};
  PartyData& data = party.data;
  data.kind = domain::parse_kind(row.text(2)).value();
  data.name = row.text(3);
  if (auto parent = row.optional_integer(4)) data.parent_id = PartyId{*parent};
  for (const auto& role : strings_from(row.text(5)))
    data.roles.push_back(domain::parse_role(role).value());
  data.emails = strings_from(row.text(6));
  data.phones = strings_from(row.text(7));
  data.websites = strings_from(row.text(8));
  for (const auto& handle : json::parse(row.text(9))) {
    data.social.push_back(
        {handle.at("network").get<std::string>(), handle.at("handle").get<std::string>()});
  }
  for (const auto& a : json::parse(row.text(10))) {
    data.addresses.push_back({domain::parse_address_kind(a.at("kind").get<std::string>()).value(),
                              a.at("street"), a.at("street2"), a.at("city"), a.at("region"),
                              a.at("postal_code"), a.at("country")});
  }
  data.tags = strings_from(row.text(11));
  data.language = row.text(12);
  data.currency = row.text(13);
  data.tax_id = row.text(14);
  data.notes = row.text(15);
  if (auto owner = row.optional_integer(16)) data.owner_id = UserId{*owner};
  data.payment_terms = row.text(17);
  if (auto minor = row.optional_integer(18)) {
    // The row was validated on write, so its currency and amount are known good.
    const Currency currency = Currency::from_code(data.currency).value();
    data.credit_limit = Money::from_minor_units(*minor, currency).value();
  }
  party.archived = row.integer(19) != 0;
  party.version = row.integer(20);
  party.created_at = parse_instant(row.text(21));
  party.updated_at = parse_instant(row.text(22));
  return party;
}

db::Value optional_id(const auto& id) {
  if (!id) return db::null;
  return id->value();
}

// The values the row stores for `data`, in the order of the INSERT / UPDATE parameters $2..$21.
std::vector<db::Value> data_values(CompanyId company_id, const PartyData& data) {
  db::Value credit = db::null;
  if (data.credit_limit) credit = data.credit_limit->minor_units();
  return {company_id.value(),
          std::string(to_string(data.kind)),
          data.name,
          domain::normalize_search(data.name),
          optional_id(data.parent_id),
          roles_json(data.roles),
          strings_json(data.emails),
          strings_json(data.phones),
          strings_json(data.websites),
          social_json(data.social),
          addresses_json(data.addresses),
          strings_json(data.tags),
          data.language,
          data.currency,
          data.tax_id,
          domain::tax_id_key(data.tax_id),
          data.notes,
          optional_id(data.owner_id),
          data.payment_terms,
          credit,
          domain::search_text(data)};
}

// The filterable values of a party, normalized: roles, tags, emails, countries.
Result<void> replace_keys(db::Tx& tx, CompanyId company_id, PartyId id, const PartyData& data) {
  TRY(tx.execute("DELETE FROM partners_party_keys WHERE party_id = $1", {id.value()}));
  std::set<std::pair<std::string, std::string>> keys;
  for (const Role role : data.roles) keys.emplace("role", std::string(to_string(role)));
  for (const auto& tag : data.tags) keys.emplace("tag", domain::normalize_search(tag));
  for (const auto& email : data.emails) keys.emplace("email", domain::email_key(email));
  for (const auto& address : data.addresses) {
    if (!address.country.empty()) keys.emplace("country", address.country);
  }
  for (const auto& [kind, term] : keys) {
    TRY(
        tx.execute("INSERT INTO partners_party_keys (party_id, company_id, kind, term) VALUES ($1, "
                   "$2, $3, $4)",
                   {id.value(), company_id.value(), kind, term}));
  }
  return Ok{};
}

}  // namespace

Result<PartyId> insert_party(db::Tx& tx, CompanyId company_id, const PartyData& data, Instant now) {
  std::vector<db::Value> params = data_values(company_id, data);
  params.emplace_back(format_instant(now));
  const auto row = TRY(tx.query_one(
      "INSERT INTO partners_parties (company_id, kind, name, sort_name, parent_id, roles_json, "
      "emails_json, phones_json, websites_json, social_json, addresses_json, tags_json, "
      "language, currency, tax_id, tax_id_key, notes, owner_id, payment_terms, "
      "credit_limit_minor, search_text, archived, version, created_at, updated_at) VALUES ($1, "
      "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, "
      "$21, 0, 1, $22, $22) RETURNING id",
      params));
  KEEL_ASSERT(row.has_value());
  const PartyId id{row->integer(0)};
  TRY(replace_keys(tx, company_id, id, data));
  return id;
}

Result<bool> update_party(db::Tx& tx, CompanyId company_id, PartyId id,
                          std::int64_t expected_version, const PartyData& data, Instant now) {
  std::vector<db::Value> params = data_values(company_id, data);
  params.emplace_back(format_instant(now));
  params.emplace_back(id.value());
  params.emplace_back(expected_version);
  const auto changed = TRY(tx.execute(
      "UPDATE partners_parties SET kind = $2, name = $3, sort_name = $4, parent_id = $5, "
      "roles_json = $6, emails_json = $7, phones_json = $8, websites_json = $9, social_json = "
      "$10, addresses_json = $11, tags_json = $12, language = $13, currency = $14, tax_id = "
      "$15, tax_id_key = $16, notes = $17, owner_id = $18, payment_terms = $19, "
      "credit_limit_minor = $20, search_text = $21, updated_at = $22, version = version + 1 "
      "WHERE company_id = $1 AND id = $23 AND version = $24",
      params));
  KEEL_ASSERT(changed <= 1);
  if (changed == 0) return false;
  TRY(replace_keys(tx, company_id, id, data));
  return true;
}

Result<void> set_archived(db::Tx& tx, CompanyId company_id, PartyId id, bool archived,
                          Instant now) {
  const auto changed = TRY(tx.execute(
      "UPDATE partners_parties SET archived = $3, updated_at = $4, version = version + 1 "
      "WHERE company_id = $1 AND id = $2",
      {company_id.value(), id.value(), std::int64_t{archived ? 1 : 0}, format_instant(now)}));
  KEEL_ASSERT(changed == 1);
  return Ok{};
}

Result<std::optional<Party>> find_party(db::Tx& tx, CompanyId company_id, PartyId id,
                                        OwnerFilter owner) {
  const std::string sql = "SELECT " + std::string(kColumns) +
                          " FROM partners_parties p WHERE p.company_id = $1 AND p.id = $2"
                          " AND (CAST($3 AS BIGINT) = 0 OR p.owner_id = $3)";
  const auto row = TRY(tx.query_one(
      sql, {company_id.value(), id.value(), owner ? owner->value() : std::int64_t{0}}));
  if (!row) return std::optional<Party>{};
  return std::optional<Party>{party_from(*row)};
}

Result<std::vector<ContactSummary>> find_contacts(db::Tx& tx, CompanyId company_id,
                                                  PartyId organization, OwnerFilter owner) {
  const auto rows = TRY(tx.query(
      "SELECT id, name, emails_json, phones_json FROM partners_parties WHERE parent_id = $1 AND "
      "company_id = $2 AND archived = 0 AND (CAST($3 AS BIGINT) = 0 OR owner_id = $3) ORDER BY "
      "sort_name, id "
      "LIMIT $4",
      {organization.value(), company_id.value(), owner ? owner->value() : std::int64_t{0},
       static_cast<std::int64_t>(limits::kPartyContactsShownMax)}));
  std::vector<ContactSummary> contacts;
  for (const auto& row : rows) {
    contacts.push_back({PartyId{row.integer(0)}, row.text(1), strings_from(row.text(2)),
                        strings_from(row.text(3))});
  }
  return contacts;
}

Result<std::int64_t> count_contacts(db::Tx& tx, CompanyId company_id, PartyId organization) {
  const auto row = TRY(
      tx.query_one("SELECT COUNT(*) FROM partners_parties WHERE parent_id = $1 AND company_id = $2",
                   {organization.value(), company_id.value()}));
  return row->integer(0);
}

Result<bool> is_organization(db::Tx& tx, CompanyId company_id, PartyId id) {
  const auto row =
      TRY(tx.query_one("SELECT kind FROM partners_parties WHERE company_id = $1 AND id = $2",
                       {company_id.value(), id.value()}));
  return row.has_value() && row->text(0) == "organization";
}

Result<std::vector<PartyId>> organizations_by_tax_id(db::Tx& tx, CompanyId company_id,
                                                     const std::string& key) {
  const auto rows = TRY(tx.query(
      "SELECT id FROM partners_parties WHERE company_id = $1 AND tax_id_key = $2 AND kind = "
      "'organization' AND archived = 0 ORDER BY id LIMIT 2",
      {company_id.value(), key}));
  std::vector<PartyId> ids;
  for (const auto& row : rows) ids.emplace_back(row.integer(0));
  return ids;
}

Result<std::string> tax_id_of(db::Tx& tx, CompanyId company_id, PartyId id) {
  const auto row =
      TRY(tx.query_one("SELECT tax_id FROM partners_parties WHERE company_id = $1 AND id = $2",
                       {company_id.value(), id.value()}));
  return row ? row->text(0) : std::string{};
}

namespace {

// Builds a WHERE clause with numbered parameters.
class Where {
 public:
  explicit Where(CompanyId company_id) {
    m_sql = " WHERE p.company_id = " + bind(company_id.value());
  }
  std::string bind(db::Value value) {
    m_params.push_back(std::move(value));
    return "$" + std::to_string(m_params.size());
  }
  void add(const std::string& condition) { m_sql += " AND " + condition; }
  void add_key(std::string_view kind, const std::string& term) {
    add("EXISTS (SELECT 1 FROM partners_party_keys k WHERE k.party_id = p.id AND k.kind = '" +
        std::string(kind) + "' AND k.term = " + bind(term) + ")");
  }
  const std::string& sql() const { return m_sql; }
  std::vector<db::Value>& params() { return m_params; }

 private:
  std::string m_sql;
  std::vector<db::Value> m_params;
};

void add_filters(Where& where, const ListSpec& spec) {
  const ListQuery& query = *spec.query;
  if (query.archived == ArchivedFilter::active) where.add("p.archived = 0");
  if (query.archived == ArchivedFilter::archived) where.add("p.archived = 1");
  if (query.kind) where.add("p.kind = " + where.bind(std::string(to_string(*query.kind))));
  if (spec.owner) where.add("p.owner_id = " + where.bind(spec.owner->value()));
  if (!spec.q_normalized.empty()) {
    where.add("p.search_text LIKE '%' || " + where.bind(domain::escape_like(spec.q_normalized)) +
              " || '%' ESCAPE '\\'");
  }
  if (query.role) where.add_key("role", std::string(to_string(*query.role)));
  if (!query.tag.empty()) where.add_key("tag", domain::normalize_search(query.tag));
  if (!query.country.empty()) where.add_key("country", query.country);
}

}  // namespace

Result<std::vector<std::pair<Party, std::string>>> list(db::Tx& tx, CompanyId company_id,
                                                        const ListSpec& spec) {
  KEEL_ASSERT(spec.sort_column == "sort_name" || spec.sort_column == "created_at" ||
              spec.sort_column == "updated_at");
  Where where(company_id);
  add_filters(where, spec);
  const std::string column = "p." + spec.sort_column;
  const std::string direction = spec.descending ? " DESC" : " ASC";
  if (spec.after) {
    const std::string op = spec.descending ? " < " : " > ";
    const std::string value = where.bind(spec.after->first);
    const std::string id = where.bind(spec.after->second);
    // The redundant first bound lets both engines seek the index: PostgreSQL turns only
    // `column >= $n` (not the OR alone) into an index condition.
    where.add(column + (spec.descending ? " <= " : " >= ") + value + " AND (" + column + op +
              value + " OR p.id" + op + id + ")");
  }
  const std::string sql = "SELECT " + std::string(kColumns) + ", " + column +
                          " FROM partners_parties p" + where.sql() + " ORDER BY " + column +
                          direction + ", p.id" + direction + " LIMIT " + where.bind(spec.limit);
  const auto rows = TRY(tx.query(sql, where.params()));
  std::vector<std::pair<Party, std::string>> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.emplace_back(party_from(row), row.text(23));
  return out;
}

Result<std::vector<DuplicateMatch>> duplicates(db::Tx& tx, CompanyId company_id,
                                               const std::vector<std::string>& email_keys,
                                               const std::string& tax_id_key,
                                               std::optional<PartyId> exclude, OwnerFilter owner) {
  std::vector<DuplicateMatch> out;
  const std::int64_t excluded = exclude ? exclude->value() : 0;
  const std::int64_t owner_id = owner ? owner->value() : 0;
  const auto collect = [&](const db::Rows& rows, std::string match) {
    for (const auto& row : rows) {
      DuplicateMatch hit{PartyId{row.integer(0)}, row.text(1), match};
      if (std::find(out.begin(), out.end(), hit) == out.end()) out.push_back(std::move(hit));
    }
  };
  for (const auto& key : email_keys) {
    if (key.empty()) continue;
    collect(TRY(tx.query(
                "SELECT p.id, p.name FROM partners_party_keys k JOIN partners_parties p ON p.id "
                "= k.party_id WHERE k.company_id = $1 AND k.kind = 'email' AND k.term = $2 AND "
                "p.archived = 0 AND p.id <> $3 AND (CAST($4 AS BIGINT) = 0 OR p.owner_id = $4) "
                "ORDER BY p.id LIMIT 20",
                {company_id.value(), key, excluded, owner_id})),
            "email");
  }
  if (!tax_id_key.empty()) {
    collect(TRY(tx.query(
                "SELECT p.id, p.name FROM partners_parties p WHERE p.company_id = $1 AND "
                "p.tax_id_key = $2 AND p.archived = 0 AND p.id <> $3 AND (CAST($4 AS BIGINT) = "
                "0 OR p.owner_id = $4) ORDER BY p.id LIMIT 20",
                {company_id.value(), tax_id_key, excluded, owner_id})),
            "tax_id");
  }
  return out;
}

Result<Stats> stats(db::Tx& tx, CompanyId company_id, OwnerFilter owner) {
  const std::int64_t owner_id = owner ? owner->value() : 0;
  Stats stats;
  const auto by_key =
      [&](std::string_view kind,
          std::string_view order) -> Result<std::vector<std::pair<std::string, std::int64_t>>> {
    const auto rows = TRY(tx.query(
        "SELECT k.term, COUNT(*) FROM partners_party_keys k JOIN partners_parties p ON p.id = "
        "k.party_id WHERE k.company_id = $1 AND k.kind = '" +
            std::string(kind) +
            "' AND p.archived = 0 AND (CAST($2 AS BIGINT) = 0 OR p.owner_id = $2) GROUP BY "
            "k.term ORDER BY " +
            std::string(order),
        {company_id.value(), owner_id}));
    std::vector<std::pair<std::string, std::int64_t>> out;
    for (const auto& row : rows) out.emplace_back(row.text(0), row.integer(1));
    return out;
  };
  stats.by_role = TRY(by_key("role", "k.term"));
  stats.by_country = TRY(by_key("country", "COUNT(*) DESC, k.term"));
  const auto total = TRY(tx.query_one(
      "SELECT COUNT(*) FROM partners_parties p WHERE p.company_id = $1 AND p.archived = 0 AND "
      "(CAST($2 AS BIGINT) = 0 OR p.owner_id = $2)",
      {company_id.value(), owner_id}));
  stats.total = total->integer(0);
  return stats;
}

}  // namespace keel::partners::repository
