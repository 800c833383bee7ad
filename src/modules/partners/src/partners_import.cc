// CSV import: the whole file is validated first; a commit writes every row or nothing.
#include <algorithm>
#include <array>
#include <map>

#include "keel/core/limits.h"
#include "partners_domain.h"
#include "partners_repository.h"
#include "partners_service.h"

namespace keel::partners {
namespace {

constexpr std::array<std::string_view, 16> kColumns = {
    "kind",     "name",         "roles",         "emails",       "phones", "tax_id",
    "currency", "language",     "country",       "city",         "street", "postal_code",
    "tags",     "credit_limit", "payment_terms", "parent_tax_id"};

// Column name → index in the record.
using Header = std::map<std::string, std::size_t, std::less<>>;

Result<Header> read_header(const std::vector<std::string>& cells) {
  Header header;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::string& name = cells[i];
    if (std::find(kColumns.begin(), kColumns.end(), name) == kColumns.end()) {
      return Error::validation("import_column_unknown", "unknown column \"" + name + "\"", name);
    }
    if (!header.emplace(name, i).second) {
      return Error::validation("import_column_duplicate", "column \"" + name + "\" appears twice",
                               name);
    }
  }
  for (std::string_view required : {"kind", "name"}) {
    if (!header.contains(required)) {
      return Error::validation("import_column_missing",
                               "the header must have a \"" + std::string(required) + "\" column",
                               std::string(required));
    }
  }
  return header;
}

struct Row {
  std::int64_t number;  // 1-based, header excluded
  PartyDraft draft;
  std::string parent_tax_id;
  std::optional<PartyData> data;
  std::vector<ImportRowError> errors;
};

PartyDraft draft_from(const Header& header, const std::vector<std::string>& cells) {
  const auto cell = [&](std::string_view column) -> std::string {
    const auto found = header.find(column);
    if (found == header.end()) return {};
    return csv::unneutralise(cells[found->second]);
  };
  PartyDraft draft;
  draft.kind = cell("kind");
  draft.name = cell("name");
  draft.roles = domain::split_list(cell("roles"));
  draft.emails = domain::split_list(cell("emails"));
  draft.phones = domain::split_list(cell("phones"));
  draft.tags = domain::split_list(cell("tags"));
  draft.tax_id = cell("tax_id");
  draft.currency = cell("currency");
  draft.language = cell("language");
  PartyDraft::DraftAddress address;
  address.country = cell("country");
  address.city = cell("city");
  address.street = cell("street");
  address.postal_code = cell("postal_code");
  if (!(address.country + address.city + address.street + address.postal_code).empty()) {
    draft.addresses.push_back(address);
  }
  if (const std::string limit = cell("credit_limit"); !limit.empty()) draft.credit_limit = limit;
  draft.payment_terms = cell("payment_terms");
  return draft;
}

// "addresses/0/city" → "city", "emails/2" → "emails": the CSV column a field error is about.
std::string column_of(const std::string& field) {
  if (field.starts_with("addresses/")) return field.substr(field.rfind('/') + 1);
  return field.substr(0, field.find('/'));
}

Result<std::vector<Row>> read_rows(const Caller& caller,
                                   const std::vector<std::vector<std::string>>& records,
                                   const Header& header) {
  std::vector<Row> rows;
  bool writes_credit_limit = false;
  bool writes_payment_terms = false;
  for (std::size_t i = 1; i < records.size(); ++i) {
    Row row{static_cast<std::int64_t>(i), {}, {}, std::nullopt, {}};
    if (records[i].size() != header.size()) {
      row.errors.push_back({row.number, "", "import_row_columns_invalid",
                            "the row has " + std::to_string(records[i].size()) +
                                " cells, the header " + std::to_string(header.size())});
      rows.push_back(std::move(row));
      continue;
    }
    row.draft = draft_from(header, records[i]);
    if (const auto found = header.find("parent_tax_id"); found != header.end()) {
      row.parent_tax_id = csv::unneutralise(records[i][found->second]);
    }
    writes_credit_limit |= row.draft.credit_limit.has_value();
    writes_payment_terms |= !row.draft.payment_terms.empty();
    row.draft.owner_id =
        caller.user_id.valid() ? std::optional(caller.user_id.value()) : std::nullopt;
    auto data = domain::validate(row.draft);
    if (data.ok()) {
      row.data = std::move(data.value());
    } else {
      for (const auto& field : data.error().fields()) {
        row.errors.push_back({row.number, column_of(field.field), field.code, field.message});
      }
    }
    rows.push_back(std::move(row));
  }
  TRY(check_credit_write(caller, writes_payment_terms, writes_credit_limit));
  return rows;
}

void fail_parent(Row& row, std::string message) {
  row.errors.push_back({row.number, "parent_tax_id", "party_parent_invalid", std::move(message)});
}

// Links each row's parent_tax_id to an organization in the file (by index in `parent_rows`)
// or already in the company (in row.data->parent_id).
Result<void> resolve_parents(db::Tx& tx, const Caller& caller, std::vector<Row>& rows,
                             std::map<std::size_t, std::size_t>& parent_rows) {
  std::map<std::string, std::vector<std::size_t>> organizations;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& data = rows[i].data;
    if (data && data->kind == PartyKind::organization && !data->tax_id.empty()) {
      organizations[domain::tax_id_key(data->tax_id)].push_back(i);
    }
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    Row& row = rows[i];
    if (row.parent_tax_id.empty() || !row.data) continue;
    if (row.data->kind != PartyKind::person) {
      fail_parent(row, "only a person can have a parent organization");
      continue;
    }
    const std::string key = domain::tax_id_key(row.parent_tax_id);
    const auto in_file = organizations.find(key);
    if (in_file != organizations.end()) {
      if (in_file->second.size() == 1) {
        parent_rows[i] = in_file->second.front();
      } else {
        fail_parent(row, "several organizations in the file have this tax id");
      }
      continue;
    }
    const auto found = TRY(repository::organizations_by_tax_id(tx, caller.company_id, key));
    if (found.size() == 1) {
      row.data->parent_id = found.front();
    } else {
      fail_parent(row, found.empty() ? "no organization has this tax id"
                                     : "several organizations have this tax id");
    }
  }
  return Ok{};
}

Error rows_invalid(const ImportReport& report) {
  Error error(
      ErrorKind::validation, "import_rows_invalid",
      std::to_string(report.rows - report.valid) + " rows are invalid; nothing was imported");
  for (const auto& e : report.errors) {
    error.add_field("rows/" + std::to_string(e.row) + "/" + e.field, e.code, e.message);
  }
  return error;
}

// Writes organizations and other parent-less rows first, so contacts can point at them.
Result<std::int64_t> write_rows(db::Tx& tx, const Clock& clock, const Caller& caller,
                                std::vector<Row>& rows,
                                const std::map<std::size_t, std::size_t>& parent_rows) {
  std::vector<PartyId> ids(rows.size());
  std::int64_t created = 0;
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const auto parent = parent_rows.find(i);
      if ((parent != parent_rows.end()) != (pass == 1)) continue;
      PartyData data = *rows[i].data;
      if (parent != parent_rows.end()) data.parent_id = ids[parent->second];
      ids[i] = TRY(insert_validated(tx, clock, caller, std::move(data))).id;
      ++created;
    }
  }
  return created;
}

}  // namespace

Result<ImportReport> import_csv(db::Tx& tx, const Clock& clock, const Caller& caller,
                                std::string_view csv, ImportMode mode) {
  if (caller.write == http::Scope::none) {
    return Error::permission("permission_denied", "importing parties needs partners.party.write");
  }
  if (!is_valid_utf8(csv)) {
    return Error::validation("import_encoding_invalid", "the file must be UTF-8 text");
  }
  const auto records = TRY(csv::parse(csv, limits::kImportRowsMax + 1));
  if (records.empty()) {
    return Error::validation("import_header_missing", "the file has no header row");
  }
  const Header header = TRY(read_header(records.front()));
  std::vector<Row> rows = TRY(read_rows(caller, records, header));
  std::map<std::size_t, std::size_t> parent_rows;
  TRY(resolve_parents(tx, caller, rows, parent_rows));
  ImportReport report;
  report.rows = static_cast<std::int64_t>(rows.size());
  for (const Row& row : rows) {
    if (row.errors.empty()) ++report.valid;
    report.errors.insert(report.errors.end(), row.errors.begin(), row.errors.end());
  }
  if (mode == ImportMode::dry_run) return report;
  if (!report.errors.empty()) return rows_invalid(report);
  report.created = TRY(write_rows(tx, clock, caller, rows, parent_rows));
  return report;
}

}  // namespace keel::partners
