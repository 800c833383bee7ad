// The /api/v1/partners routes: their OpenAPI description and handlers (request → service →
// response), and the permissions this module declares.
#include <charconv>

#include "keel/core/limits.h"
#include "partners_domain.h"
#include "partners_http.h"
#include "partners_service.h"

namespace keel::partners {
namespace detail {
const db::MigrationSet& migrations();  // generated from migrations/ by keel_embed_migrations
}  // namespace detail

namespace {

using http::Context;
using http::Response;
using nlohmann::json;

const json kString = {{"type", "string"}};
const json kStrings = {{"type", "array"}, {"items", kString}};
const json kNullableInteger = {{"type", "integer"}, {"nullable", true}};

json address_schema() {
  json properties = json::object();
  for (const char* name :
       {"kind", "street", "street2", "city", "region", "postal_code", "country"}) {
    properties[name] = kString;
  }
  properties["kind"]["enum"] = {"billing", "shipping", "other"};
  return {{"type", "object"}, {"properties", properties}};
}

json input_properties() {
  return {
      {"kind", {{"type", "string"}, {"enum", {"organization", "person"}}}},
      {"name", kString},
      {"parent_id", kNullableInteger},
      {"roles",
       {{"type", "array"},
        {"items",
         {{"type", "string"},
          {"enum", {"prospect", "customer", "supplier", "employee_contact"}}}}}},
      {"emails", kStrings},
      {"phones", kStrings},
      {"websites", kStrings},
      {"social",
       {{"type", "array"},
        {"items",
         {{"type", "object"}, {"properties", {{"network", kString}, {"handle", kString}}}}}}},
      {"addresses", {{"type", "array"}, {"items", address_schema()}}},
      {"tags", kStrings},
      {"language", kString},
      {"currency", kString},
      {"tax_id", kString},
      {"notes", kString},
      {"owner_id", kNullableInteger},
      {"payment_terms", {{"type", "string"}, {"description", "needs partners.credit.write"}}},
      {"credit_limit",
       {{"type", "string"},
        {"nullable", true},
        {"description",
         "decimal string in the party's currency; needs "
         "partners.credit.write"}}},
  };
}

json party_schema() {
  json properties = input_properties();
  properties["id"] = {{"type", "integer"}};
  properties["archived"] = {{"type", "boolean"}};
  properties["version"] = {{"type", "integer"}};
  properties["created_at"] = kString;
  properties["updated_at"] = kString;
  properties["payment_terms"]["description"] = "present only with partners.credit.read";
  properties["credit_limit"]["description"] = "present only with partners.credit.read";
  properties["contacts"] = {{"type", "array"},
                            {"items",
                             {{"type", "object"},
                              {"properties",
                               {{"id", {{"type", "integer"}}},
                                {"name", kString},
                                {"emails", kStrings},
                                {"phones", kStrings}}}}}};
  return {{"type", "object"}, {"properties", properties}};
}

json duplicates_schema() {
  return {{"type", "array"},
          {"items",
           {{"type", "object"},
            {"properties",
             {{"id", {{"type", "integer"}}},
              {"name", kString},
              {"match", {{"type", "string"}, {"enum", {"email", "tax_id"}}}}}}}}};
}

Result<PartyId> path_id(const Context& context) {
  const std::string& text = context.request.path_params.at("id");
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) {
    return Error::not_found("party_not_found", "no party " + text);
  }
  return PartyId{value};
}

Caller caller_of(const Context& context) {
  return Caller::from(context.who(), context.request.request_id);
}

Response with_etag(Response response, std::int64_t version) {
  response.header("ETag", "\"" + std::to_string(version) + "\"");
  return response;
}

json duplicates_json(const std::vector<DuplicateMatch>& matches) {
  json out = json::array();
  for (const auto& m : matches)
    out.push_back({{"id", m.id.value()}, {"name", m.name}, {"match", m.match}});
  return out;
}

// The version a PATCH must match: If-Match ("3", W/"3" or 3) or the body's "version".
Result<std::int64_t> expected_version(const Context& context, std::optional<std::int64_t> body) {
  std::optional<std::int64_t> header;
  if (auto value = context.request.header("If-Match")) {
    std::string_view text = *value;
    if (text.starts_with("W/")) text.remove_prefix(2);
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"')
      text = text.substr(1, text.size() - 2);
    std::int64_t version = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), version);
    if (error != std::errc() || end != text.data() + text.size() || version < 1) {
      return Error::validation("party_version_required",
                               "If-Match must be the party's ETag, e.g. \"3\"", "If-Match");
    }
    header = version;
  }
  if (header && body && *header != *body) {
    return Error::conflict("party_version_conflict", "If-Match and version disagree");
  }
  if (header) return *header;
  if (body) return *body;
  return Error::validation("party_version_required",
                           "send the version you read, as If-Match or as \"version\"", "version");
}

Result<Response> create_handler(Context& context) {
  const json body = TRY(context.json_body());
  const PartyDraft draft = TRY(http_api::read_draft(body));
  const Caller caller = caller_of(context);
  const Created created = TRY(create_party(context.transaction(), context.clock, caller, draft));
  json out = to_json(created.party, caller);
  out["duplicate_warnings"] = duplicates_json(created.duplicate_warnings);
  Response response = with_etag(Response::json(201, out), created.party.version);
  response.header("Location", "/api/v1/partners/" + std::to_string(created.party.id.value()));
  return response;
}

Result<Response> get_handler(Context& context) {
  const Caller caller = caller_of(context);
  const PartyId id = TRY(path_id(context));
  const Party party = TRY(get_party(context.transaction(), caller, id));
  return with_etag(Response::json(200, to_json(party, caller)), party.version);
}

Result<Response> patch_handler(Context& context) {
  const PartyId id = TRY(path_id(context));
  const json body = TRY(context.json_body());
  std::optional<std::int64_t> body_version;
  const PartyPatch patch = TRY(http_api::read_patch(body, body_version));
  const std::int64_t version = TRY(expected_version(context, body_version));
  const Caller caller = caller_of(context);
  Party party = TRY(update_party(context.transaction(), context.clock, caller, id, version, patch));
  party = TRY(get_party(context.transaction(), caller, id));
  return with_etag(Response::json(200, to_json(party, caller)), party.version);
}

http::Handler archive_handler(bool archived) {
  return [archived](Context& context) -> Result<Response> {
    const Caller caller = caller_of(context);
    const PartyId id = TRY(path_id(context));
    TRY(set_archived(context.transaction(), context.clock, caller, id, archived));
    const Party party = TRY(get_party(context.transaction(), caller, id));
    return with_etag(Response::json(200, to_json(party, caller)), party.version);
  };
}

// Filters shared by the list and the export. Errors: party_kind_invalid, party_role_invalid,
// list_archived_invalid, list_owner_invalid, list_limit_invalid.
Result<ListQuery> read_list_query(const http::Request& request) {
  ListQuery query;
  const auto param = [&request](std::string_view name) {
    return std::string(request.query_param(name).value_or(""));
  };
  query.q = param("q");
  if (const auto kind = param("kind"); !kind.empty()) query.kind = TRY(domain::parse_kind(kind));
  if (const auto role = param("role"); !role.empty()) query.role = TRY(domain::parse_role(role));
  query.tag = param("tag");
  query.country = param("country");
  const auto archived = param("archived");
  if (archived == "true") {
    query.archived = ArchivedFilter::archived;
  } else if (archived == "all") {
    query.archived = ArchivedFilter::all;
  } else if (!archived.empty() && archived != "false") {
    return Error::validation("list_archived_invalid", "archived must be false, true or all",
                             "archived");
  }
  const auto owner = param("owner");
  if (!owner.empty() && owner != "me") {
    return Error::validation("list_owner_invalid", "owner can only be \"me\"", "owner");
  }
  query.owner_me = owner == "me";
  if (const auto sort = param("sort"); !sort.empty()) query.sort = sort;
  query.limit = limits::kPageSizeDefault;
  if (const auto limit = param("limit"); !limit.empty()) {
    const auto [end, error] =
        std::from_chars(limit.data(), limit.data() + limit.size(), query.limit);
    if (error != std::errc() || end != limit.data() + limit.size()) query.limit = -1;
  }
  query.cursor = param("cursor");
  return query;
}

std::vector<http::QueryParamSpec> list_params(bool paged) {
  std::vector<http::QueryParamSpec> params = {
      {"q",
       "substring of name, e-mails, phones, tax id or tags (case and Arabic/Persian "
       "letter variants ignored)"},
      {"kind", "organization | person"},
      {"role", "prospect | customer | supplier | employee_contact"},
      {"tag", "exact tag (case-insensitive)"},
      {"country", "ISO 3166-1 alpha-2 of any address"},
      {"archived", "false (default) | true | all"},
      {"owner", "me: only parties the caller owns"},
      {"sort", "name | -name | created_at | -created_at | updated_at | -updated_at"},
  };
  if (paged) {
    params.push_back(
        {"limit", "1.." + std::to_string(limits::kPageSizeMax), {{"type", "integer"}}});
    params.push_back({"cursor", "next_cursor of the previous page"});
  }
  return params;
}

json list_item(const Party& party, const Caller& caller) {
  json item = to_json(party, caller);
  item.erase("contacts");  // lists do not load contacts; GET /{id} does
  return item;
}

Result<Response> list_handler(Context& context) {
  const Caller caller = caller_of(context);
  const ListQuery query = TRY(read_list_query(context.request));
  const Page page = TRY(list_parties(context.transaction(), caller, query));
  json items = json::array();
  for (const auto& party : page.items) items.push_back(list_item(party, caller));
  return Response::json(
      200, {{"items", items},
            {"next_cursor", page.next_cursor ? json(*page.next_cursor) : json(nullptr)}});
}

Result<Response> duplicates_handler(Context& context) {
  const auto param = [&context](std::string_view name) {
    return std::string(context.request.query_param(name).value_or(""));
  };
  std::optional<PartyId> exclude;
  if (const auto text = param("exclude_id"); !text.empty()) {
    std::int64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    exclude = PartyId{value};
  }
  const auto matches = TRY(find_duplicates(context.transaction(), caller_of(context),
                                           param("email"), param("tax_id"), exclude));
  return Response::json(200, {{"items", duplicates_json(matches)}});
}

Result<Response> stats_handler(Context& context) {
  const Stats result = TRY(stats(context.transaction(), caller_of(context)));
  json by_role = json::array();
  for (const auto& [role, count] : result.by_role)
    by_role.push_back({{"role", role}, {"count", count}});
  json by_country = json::array();
  for (const auto& [country, count] : result.by_country) {
    by_country.push_back({{"country", country}, {"count", count}});
  }
  return Response::json(
      200, {{"by_role", by_role}, {"by_country", by_country}, {"total", result.total}});
}

json report_json(const ImportReport& report) {
  json errors = json::array();
  for (const auto& e : report.errors) {
    errors.push_back(
        {{"row", e.row}, {"field", e.field}, {"code", e.code}, {"message", e.message}});
  }
  return {{"rows", report.rows},
          {"valid", report.valid},
          {"created", report.created},
          {"errors", errors}};
}

Result<Response> import_handler(Context& context) {
  const auto dry_run = context.request.query_param("dry_run").value_or("true");
  if (dry_run != "true" && dry_run != "false") {
    return Error::validation("import_dry_run_invalid", "dry_run must be true or false", "dry_run");
  }
  // The import permission's scope is the write scope of the rows it creates.
  Caller caller = caller_of(context);
  caller.write = context.who().scope(kPermissionImport);
  const ImportReport report =
      TRY(import_csv(context.transaction(), context.clock, caller, context.request.body,
                     dry_run == "true" ? ImportMode::dry_run : ImportMode::commit));
  return Response::json(200, report_json(report));
}

Result<Response> export_handler(Context& context) {
  // The export permission's scope decides which parties the file holds.
  Caller caller = caller_of(context);
  caller.read = context.who().scope(kPermissionExport);
  ListQuery query = TRY(read_list_query(context.request));
  query.limit = 1;  // validated by the list; export_csv pages by itself
  std::string csv = TRY(export_csv(context.transaction(), caller, query));
  Response response = Response::text(200, "text/csv; charset=utf-8", std::move(csv));
  response.header("Content-Disposition", "attachment; filename=\"partners.csv\"");
  return response;
}

json import_report_schema() {
  return {{"type", "object"},
          {"properties",
           {{"rows", {{"type", "integer"}}},
            {"valid", {{"type", "integer"}}},
            {"created", {{"type", "integer"}}},
            {"errors",
             {{"type", "array"},
              {"items",
               {{"type", "object"},
                {"properties",
                 {{"row", {{"type", "integer"}}},
                  {"field", kString},
                  {"code", kString},
                  {"message", kString}}}}}}}}}};
}

const std::vector<std::string> kValidationCodes = {"input_invalid",
                                                   "party_kind_invalid",
                                                   "party_name_invalid",
                                                   "party_role_invalid",
                                                   "party_email_invalid",
                                                   "party_phone_invalid",
                                                   "party_website_invalid",
                                                   "party_social_invalid",
                                                   "party_address_kind_invalid",
                                                   "party_address_invalid",
                                                   "party_country_invalid",
                                                   "party_language_invalid",
                                                   "party_tax_id_invalid",
                                                   "party_notes_invalid",
                                                   "party_owner_invalid",
                                                   "party_payment_terms_invalid",
                                                   "party_items_too_many",
                                                   "party_parent_invalid",
                                                   "party_currency_required",
                                                   "currency_invalid",
                                                   "currency_unknown",
                                                   "amount_invalid",
                                                   "amount_too_many_decimals",
                                                   "amount_out_of_range",
                                                   "credit_limit_negative",
                                                   "field_too_long",
                                                   "permission_denied"};

std::vector<std::string> codes(std::vector<std::string> extra, bool validation) {
  if (validation) extra.insert(extra.end(), kValidationCodes.begin(), kValidationCodes.end());
  return extra;
}

void add_item_routes(http::Router& router) {
  router.add({.method = http::Method::get,
              .path = "/api/v1/partners/{id}",
              .summary = "One party with its contacts; ETag is its version",
              .tag = "partners",
              .permission = std::string(kPermissionRead),
              .tx = http::TxMode::read,
              .response_schema = party_schema(),
              .error_codes = {"party_not_found"},
              .handler = get_handler});
  json patch_schema = {{"type", "object"}, {"properties", input_properties()}};
  patch_schema["properties"]["version"] = {{"type", "integer"}};
  router.add(
      {.method = http::Method::patch,
       .path = "/api/v1/partners/{id}",
       .summary = "Change some fields; needs If-Match or \"version\"",
       .tag = "partners",
       .permission = std::string(kPermissionWrite),
       .tx = http::TxMode::write,
       .request_schema = patch_schema,
       .response_schema = party_schema(),
       .error_codes = codes({"party_not_found", "party_version_required", "party_version_conflict",
                             "party_has_contacts", "credit_limit_currency_changed"},
                            true),
       .handler = patch_handler});
  for (const bool archived : {true, false}) {
    router.add(
        {.method = http::Method::post,
         .path = archived ? "/api/v1/partners/{id}/archive" : "/api/v1/partners/{id}/unarchive",
         .summary = archived ? "Archive a party (hidden from lists by default)"
                             : "Bring an archived party back",
         .tag = "partners",
         .permission = std::string(kPermissionArchive),
         .tx = http::TxMode::write,
         .response_schema = party_schema(),
         .error_codes = {"party_not_found"},
         .handler = archive_handler(archived)});
  }
}

void add_collection_routes(http::Router& router) {
  router.add({.method = http::Method::post,
              .path = "/api/v1/partners",
              .summary = "Create a party; warns about duplicates by e-mail or tax id",
              .tag = "partners",
              .permission = std::string(kPermissionWrite),
              .tx = http::TxMode::write,
              .request_schema = {{"type", "object"},
                                 {"required", {"kind", "name"}},
                                 {"properties", input_properties()}},
              .success_status = 201,
              .response_schema =
                  [] {
                    json schema = party_schema();
                    schema["properties"]["duplicate_warnings"] = duplicates_schema();
                    return schema;
                  }(),
              .error_codes = codes({}, true),
              .handler = create_handler});
  router.add({.method = http::Method::get,
              .path = "/api/v1/partners",
              .summary = "Search, filter and page through parties",
              .tag = "partners",
              .permission = std::string(kPermissionRead),
              .tx = http::TxMode::read,
              .query_params = list_params(true),
              .response_schema = {{"type", "object"},
                                  {"properties",
                                   {{"items", {{"type", "array"}, {"items", party_schema()}}},
                                    {"next_cursor", {{"type", "string"}, {"nullable", true}}}}}},
              .error_codes = {"party_kind_invalid", "party_role_invalid", "list_archived_invalid",
                              "list_owner_invalid", "list_limit_invalid", "list_sort_invalid",
                              "list_cursor_invalid", "search_query_too_long"},
              .handler = list_handler});
  router.add(
      {.method = http::Method::get,
       .path = "/api/v1/partners/duplicates",
       .summary = "Non-archived parties with this e-mail or tax id",
       .tag = "partners",
       .permission = std::string(kPermissionRead),
       .tx = http::TxMode::read,
       .query_params = {{"email", "an e-mail address"},
                        {"tax_id", "a tax id"},
                        {"exclude_id", "the party being edited", {{"type", "integer"}}}},
       .response_schema = {{"type", "object"}, {"properties", {{"items", duplicates_schema()}}}},
       .handler = duplicates_handler});
  router.add(
      {.method = http::Method::get,
       .path = "/api/v1/partners/stats",
       .summary = "Counts of active parties by role and country",
       .tag = "partners",
       .permission = std::string(kPermissionRead),
       .tx = http::TxMode::read,
       .response_schema =
           {{"type", "object"},
            {"properties",
             {{"by_role",
               {{"type", "array"},
                {"items",
                 {{"type", "object"},
                  {"properties", {{"role", kString}, {"count", {{"type", "integer"}}}}}}}}},
              {"by_country",
               {{"type", "array"},
                {"items",
                 {{"type", "object"},
                  {"properties", {{"country", kString}, {"count", {{"type", "integer"}}}}}}}}},
              {"total", {{"type", "integer"}}}}}},
       .handler = stats_handler});
}

void add_file_routes(http::Router& router) {
  router.add(
      {.method = http::Method::post,
       .path = "/api/v1/partners/import",
       .summary = "Import parties from CSV: all rows or none",
       .tag = "partners",
       .permission = std::string(kPermissionImport),
       .tx = http::TxMode::write,
       .query_params = {{"dry_run", "true (default): validate only; false: write"}},
       .request_schema = {{"type", "string"},
                          {"description",
                           "CSV with a header of: kind,name,roles,emails,"
                           "phones,tax_id,currency,language,country,city,"
                           "street,postal_code,tags,credit_limit,"
                           "payment_terms,parent_tax_id"}},
       .request_content_type = "text/csv",
       .response_schema = import_report_schema(),
       .error_codes = {"import_dry_run_invalid", "import_encoding_invalid", "import_csv_malformed",
                       "import_header_missing", "import_column_unknown", "import_column_duplicate",
                       "import_column_missing", "import_too_many_rows", "import_rows_invalid",
                       "permission_denied"},
       .handler = import_handler});
  router.add({.method = http::Method::get,
              .path = "/api/v1/partners/export",
              .summary = "Export the filtered parties as CSV (the import columns)",
              .tag = "partners",
              .permission = std::string(kPermissionExport),
              .tx = http::TxMode::read,
              .query_params = list_params(false),
              .response_schema = {{"type", "string"}},
              .response_content_type = "text/csv",
              .error_codes = {"party_kind_invalid", "party_role_invalid", "list_archived_invalid",
                              "list_owner_invalid", "list_sort_invalid", "search_query_too_long"},
              .handler = export_handler});
}

}  // namespace

void register_routes(http::Router& router) {
  add_collection_routes(router);
  add_item_routes(router);
  add_file_routes(router);
}

std::vector<http::PermissionSpec> permissions() {
  using http::Scope;
  return {
      {std::string(kPermissionRead),
       "Read parties (own: only those you own)",
       false,
       {{"manager", Scope::all},
        {"sales", Scope::own},
        {"accountant", Scope::all},
        {"viewer", Scope::all}}},
      {std::string(kPermissionWrite),
       "Create and change parties (own: only those you own)",
       false,
       {{"manager", Scope::all}, {"sales", Scope::own}}},
      {std::string(kPermissionArchive),
       "Archive and unarchive parties",
       false,
       {{"manager", Scope::all}, {"sales", Scope::own}}},
      {std::string(kPermissionImport), "Import parties from CSV", false, {{"manager", Scope::all}}},
      {std::string(kPermissionExport),
       "Export parties as CSV",
       false,
       {{"manager", Scope::all}, {"accountant", Scope::all}}},
      {std::string(kPermissionCreditRead),
       "See payment terms and credit limits",
       true,
       {{"manager", Scope::all}, {"accountant", Scope::all}}},
      {std::string(kPermissionCreditWrite),
       "Change payment terms and credit limits",
       true,
       {{"manager", Scope::all}, {"accountant", Scope::all}}},
  };
}

const db::MigrationSet& migrations() { return detail::migrations(); }

}  // namespace keel::partners
