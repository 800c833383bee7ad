// Lists and CSV export: keyset pagination over the indexes of 0001_parties.sql.
#include <map>

#include "keel/core/limits.h"
#include "partners_domain.h"
#include "partners_repository.h"
#include "partners_service.h"

namespace keel::partners {
namespace {

struct SortSpec {
  std::string column;
  bool descending;
};

Result<SortSpec> parse_sort(std::string_view sort) {
  const bool descending = sort.starts_with('-');
  if (descending) sort.remove_prefix(1);
  if (sort == "name") return SortSpec{"sort_name", descending};
  if (sort == "created_at" || sort == "updated_at") return SortSpec{std::string(sort), descending};
  return Error::validation("list_sort_invalid",
                           "sort must be name, created_at or updated_at, optionally with '-'",
                           "sort");
}

Result<repository::ListSpec> list_spec(const Caller& caller, const ListQuery& query) {
  repository::ListSpec spec;
  spec.query = &query;
  if (query.limit < 1 || query.limit > limits::kPageSizeMax) {
    return Error::validation("list_limit_invalid",
                             "limit must be 1 to " + std::to_string(limits::kPageSizeMax), "limit");
  }
  spec.limit = query.limit + 1;  // one more tells whether there is a next page
  const SortSpec sort = TRY(parse_sort(query.sort));
  spec.sort_column = sort.column;
  spec.descending = sort.descending;
  if (!is_valid_utf8(query.q) || utf8_length(query.q) > limits::kSearchQueryLengthMax) {
    return Error::validation("search_query_too_long",
                             "q must be valid text of at most " +
                                 std::to_string(limits::kSearchQueryLengthMax) + " characters",
                             "q");
  }
  spec.q_normalized = domain::normalize_search(query.q);
  if (!query.cursor.empty()) {
    const auto cursor = TRY(domain::decode_cursor(query.cursor));
    if (cursor.sort != query.sort) {
      return Error::validation("list_cursor_invalid", "the cursor belongs to another sort",
                               "cursor");
    }
    spec.after = std::make_pair(cursor.value, cursor.id);
  }
  if (caller.read != http::Scope::all || query.owner_me) spec.owner = caller.user_id;
  return spec;
}

}  // namespace

Result<Page> list_parties(db::Tx& tx, const Caller& caller, const ListQuery& query) {
  const auto spec = TRY(list_spec(caller, query));
  Page page;
  if (caller.read == http::Scope::none) return page;
  auto rows = TRY(repository::list(tx, caller.company_id, spec));
  const bool more = static_cast<std::int64_t>(rows.size()) > query.limit;
  if (more) rows.pop_back();
  if (more && !rows.empty()) {
    page.next_cursor =
        domain::encode_cursor({query.sort, rows.back().second, rows.back().first.id.value()});
  }
  for (auto& [party, sort_value] : rows) page.items.push_back(std::move(party));
  return page;
}

namespace {

std::string join(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& value : values) {
    if (!out.empty()) out += ";";
    out += value;
  }
  return out;
}

// The columns of one party, in the order of the export header.
Result<std::vector<std::string>> export_row(db::Tx& tx, const Caller& caller, const Party& party,
                                            std::map<std::int64_t, std::string>& parent_tax_ids) {
  const PartyData& data = party.data;
  std::vector<std::string> roles;
  for (const Role role : data.roles) roles.emplace_back(to_string(role));
  const Address empty;
  const Address& address = data.addresses.empty() ? empty : data.addresses.front();
  std::vector<std::string> row{std::string(to_string(data.kind)),
                               data.name,
                               join(roles),
                               join(data.emails),
                               join(data.phones),
                               data.tax_id,
                               data.currency,
                               data.language,
                               address.country,
                               address.city,
                               address.street,
                               address.postal_code,
                               join(data.tags)};
  if (caller.credit_read) {
    row.push_back(data.credit_limit ? data.credit_limit->to_string() : "");
    row.push_back(data.payment_terms);
  }
  std::string parent_tax_id;
  if (data.parent_id) {
    auto found = parent_tax_ids.find(data.parent_id->value());
    if (found == parent_tax_ids.end()) {
      found = parent_tax_ids
                  .emplace(data.parent_id->value(),
                           TRY(repository::tax_id_of(tx, caller.company_id, *data.parent_id)))
                  .first;
    }
    parent_tax_id = found->second;
  }
  row.push_back(parent_tax_id);
  return row;
}

void append_record(std::string& out, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += ',';
    out += csv::cell(cells[i]);
  }
  out += "\r\n";
}

}  // namespace

Result<std::string> export_csv(db::Tx& tx, const Caller& caller, const ListQuery& query) {
  std::vector<std::string> header{"kind",   "name",        "roles",    "emails",  "phones",
                                  "tax_id", "currency",    "language", "country", "city",
                                  "street", "postal_code", "tags"};
  if (caller.credit_read) {
    header.emplace_back("credit_limit");
    header.emplace_back("payment_terms");
  }
  header.emplace_back("parent_tax_id");
  std::string out;
  append_record(out, header);
  ListQuery page_query = query;
  page_query.limit = limits::kPageSizeMax;
  page_query.cursor.clear();
  std::map<std::int64_t, std::string> parent_tax_ids;
  while (true) {
    const Page page = TRY(list_parties(tx, caller, page_query));
    for (const auto& party : page.items) {
      append_record(out, TRY(export_row(tx, caller, party, parent_tax_ids)));
    }
    if (!page.next_cursor) break;
    page_query.cursor = *page.next_cursor;
  }
  return out;
}

}  // namespace keel::partners
