// The ledger's /api/v1/accounting routes (accounts, journals, entries, fiscal years, locks,
// rates, setup) and its permissions. Handlers only translate: the rules live in the ledger
// functions, called in the transaction the dispatcher opened, always for the caller's company.
#include <charconv>

#include "accounting_routes.h"
#include "keel/core/limits.h"
#include "keel/http/json_input.h"
#include "ledger_json.h"

namespace keel::accounting::detail {
namespace {

using http::Response;
using nlohmann::json;

constexpr std::string_view kAccountRead = "accounting.account.read";
constexpr std::string_view kAccountWrite = "accounting.account.write";
constexpr std::string_view kEntryRead = "accounting.entry.read";
constexpr std::string_view kEntryPost = "accounting.entry.post";
constexpr std::string_view kEntryReverse = "accounting.entry.reverse";
constexpr std::string_view kPeriodClose = "accounting.period.close";
constexpr std::string_view kYearReopen = "accounting.year.reopen";
constexpr std::string_view kLockBypass = "accounting.lock.bypass";
constexpr std::string_view kRateWrite = "accounting.rate.write";

const std::vector<std::string> kPostCodes = {
    "input_invalid",          "entry_lines_too_few",       "entry_lines_too_many",
    "entry_line_amount_zero", "entry_line_both_sides",     "entry_unbalanced",
    "entry_currency_unbalanced", "entry_line_currency_invalid", "entry_text_too_long",
    "account_not_found",      "account_not_postable",      "account_archived",
    "account_currency_mismatch", "partner_required",       "party_not_found",
    "journal_not_found",      "journal_archived",          "fiscal_year_not_found",
    "period_closed",          "period_locked",             "balance_out_of_range"};

Result<Context> context_of(http::Context& http_context) {
  return Context::load(http_context.transaction(), http_context.who(), http_context.clock,
                       http_context.request.request_id);
}

Result<std::int64_t> path_id(const http::Context& context, const char* not_found_code) {
  const std::string& text = context.request.path_params.at("id");
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) {
    return Error::not_found(not_found_code, "no such id " + text);
  }
  return value;
}

json items(const json& array) { return {{"items", array}}; }
json list_schema(const json& item) {
  return {{"type", "object"},
          {"properties", {{"items", {{"type", "array"}, {"items", item}}},
                          {"next_cursor", {{"type", "string"}, {"nullable", true}}}}}};
}

// ---- accounts and journals -------------------------------------------------------------------

Result<Response> list_accounts_handler(http::Context& context) {
  const auto accounts = TRY(list_accounts(context.transaction(), context.who().company_id));
  json out = json::array();
  for (const auto& account : accounts) out.push_back(ledger_json::to_json(account));
  return Response::json(200, items(out));
}

Result<Response> create_account_handler(http::Context& context) {
  const Context ledger = TRY(context_of(context));
  const json body = TRY(context.json_body());
  const AccountDraft draft = TRY(ledger_json::read_account(body));
  const Account account = TRY(create_account(context.transaction(), ledger, draft));
  return Response::json(201, ledger_json::to_json(account));
}

Result<Response> archive_account_handler(http::Context& context) {
  const Context ledger = TRY(context_of(context));
  const AccountId id{TRY(path_id(context, "account_not_found"))};
  const Account account = TRY(archive_account(context.transaction(), ledger, id));
  return Response::json(200, ledger_json::to_json(account));
}

Result<Response> list_journals_handler(http::Context& context) {
  const auto journals = TRY(list_journals(context.transaction(), context.who().company_id));
  json out = json::array();
  for (const auto& journal : journals) out.push_back(ledger_json::to_json(journal));
  return Response::json(200, items(out));
}

Result<Response> create_journal_handler(http::Context& context) {
  const Context ledger = TRY(context_of(context));
  const json body = TRY(context.json_body());
  const JournalDraft draft = TRY(ledger_json::read_journal(body));
  const Journal journal = TRY(create_journal(context.transaction(), ledger, draft));
  return Response::json(201, ledger_json::to_json(journal));
}

Result<Response> archive_journal_handler(http::Context& context) {
  const Context ledger = TRY(context_of(context));
  const JournalId id{TRY(path_id(context, "journal_not_found"))};
  const Journal journal = TRY(archive_journal(context.transaction(), ledger, id));
  return Response::json(200, ledger_json::to_json(journal));
}

Result<Response> setup_handler(http::Context& context) {
  const Context ledger = TRY(context_of(context));
  const Date today = TRY(Date::parse(format_instant(context.clock.now()).substr(0, 10)));
  TRY(install_default_chart(context.transaction(), ledger, today));
  return Response::json(201, json{{"installed", true}});
}

// ---- entries ---------------------------------------------------------------------------------

Result<Response> create_entry_handler(http::Context& context) {
  const Context ledger = TRY(context_of(context));
  const json body = TRY(context.json_body());
  const auto input = TRY(ledger_json::read_entry(body, ledger.company_currency));
  db::Tx& tx = context.transaction();
  Entry entry = input.post ? TRY(post(tx, ledger, input.draft))
                           : TRY(get_entry(tx, ledger.company_id,
                                           TRY(create_draft(tx, ledger, input.draft))));
  Response response = Response::json(201, ledger_json::to_json(entry));
  response.header("Location", "/api/v1/accounting/entries/" + std::to_string(entry.id.value()));
  return response;
}

Result<EntryQuery> read_entry_query(const http::Request& request) {
  EntryQuery query;
  const auto integer = [&request](std::string_view name) -> Result<std::int64_t> {
    const std::string text(request.query_param(name).value_or(""));
    if (text.empty()) return std::int64_t{0};
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < 0) {
      return Error::validation("entry_query_invalid", std::string(name) + " is not a number",
                               std::string(name));
    }
    return value;
  };
  if (const auto journal = TRY(integer("journal_id"))) query.journal_id = JournalId{journal};
  query.after_id = TRY(integer("cursor"));
  if (const auto limit = TRY(integer("limit"))) query.limit = limit;
  for (const char* name : {"from", "to"}) {
    const auto text = request.query_param(name);
    if (!text || text->empty()) continue;
    auto date = Date::parse(*text);
    if (!date.ok()) {
      return Error::validation("entry_query_invalid", "dates are YYYY-MM-DD", name);
    }
    (std::string_view(name) == "from" ? query.from : query.to) = date.value();
  }
  const std::string state(request.query_param("state").value_or(""));
  if (!state.empty() && state != "draft" && state != "posted") {
    return Error::validation("entry_query_invalid", "state is draft or posted", "state");
  }
  if (!state.empty()) query.state = state;
  return query;
}

Result<Response> list_entries_handler(http::Context& context) {
  const EntryQuery query = TRY(read_entry_query(context.request));
  const EntryPage page = TRY(list_entries(context.transaction(), context.who().company_id, query));
  json out = json::array();
  for (const auto& entry : page.items) out.push_back(ledger_json::to_json(entry));
  json body = items(out);
  body["next_cursor"] =
      page.next_after_id ? json(std::to_string(*page.next_after_id)) : json(nullptr);
  return Response::json(200, body);
}

Result<Response> get_entry_handler(http::Context& context) {
  const EntryId id{TRY(path_id(context, "entry_not_found"))};
  const Entry entry = TRY(get_entry(context.transaction(), context.who().company_id, id));
  return Response::json(200, ledger_json::to_json(entry));
}

Result<Response> post_entry_handler(http::Context& context) {
  const Context ledger = TRY(context_of(context));
  const EntryId id{TRY(path_id(context, "entry_not_found"))};
  const Entry entry = TRY(post_draft(context.transaction(), ledger, id));
  return Response::json(200, ledger_json::to_json(entry));
}

Result<Response> reverse_entry_handler(http::Context& context) {
  const Context ledger = TRY(context_of(context));
  const EntryId id{TRY(path_id(context, "entry_not_found"))};
  const json body = TRY(context.json_body());
  http::ObjectReader in(body);
  const std::string date_text = in.required_string("date", limits::kCodeLengthMax);
  const std::string memo = in.optional_string("memo", limits::kMemoLengthMax).value_or("");
  auto date = Date::parse(date_text);
  if (!date_text.empty() && !date.ok()) in.fail("date", date.error());
  TRY(in.finish());
  const Entry entry = TRY(reverse(context.transaction(), ledger, id, date.value(), memo));
  return Response::json(201, ledger_json::to_json(entry));
}

}  // namespace

// Defined in ledger_routes_admin.cc: fiscal years, locks, rates.
void register_ledger_admin_routes(http::Router& router);

void register_ledger_routes(http::Router& router) {
  const auto add = [&router](http::Method method, std::string path, std::string summary,
                             std::string_view permission, http::TxMode tx, json request,
                             int status, json response, std::vector<std::string> codes,
                             http::Handler handler) {
    router.add({.method = method, .path = std::move(path), .summary = std::move(summary),
                .tag = "accounting", .permission = std::string(permission), .tx = tx,
                .request_schema = std::move(request), .success_status = status,
                .response_schema = std::move(response), .error_codes = std::move(codes),
                .handler = std::move(handler)});
  };
  using http::Method;
  using http::TxMode;
  add(Method::get, "/api/v1/accounting/accounts", "The chart of accounts", kAccountRead,
      TxMode::read, nullptr, 200, list_schema(ledger_json::account_schema()), {},
      list_accounts_handler);
  add(Method::post, "/api/v1/accounting/accounts", "Create an account", kAccountWrite,
      TxMode::write, ledger_json::account_input_schema(), 201, ledger_json::account_schema(),
      {"input_invalid", "account_type_invalid", "account_code_invalid", "account_code_taken",
       "account_name_required", "account_role_invalid", "account_parent_invalid",
       "currency_invalid", "currency_unknown"},
      create_account_handler);
  add(Method::post, "/api/v1/accounting/accounts/{id}/archive",
      "Archive an account (accounts are never deleted)", kAccountWrite, TxMode::write, nullptr,
      200, ledger_json::account_schema(), {"account_not_found"}, archive_account_handler);
  add(Method::get, "/api/v1/accounting/journals", "The journals", kAccountRead, TxMode::read,
      nullptr, 200, list_schema(ledger_json::journal_schema()), {}, list_journals_handler);
  add(Method::post, "/api/v1/accounting/journals", "Create a journal", kAccountWrite,
      TxMode::write, ledger_json::journal_input_schema(), 201, ledger_json::journal_schema(),
      {"input_invalid", "journal_code_invalid", "journal_code_taken", "journal_name_required",
       "journal_type_invalid", "journal_account_invalid"},
      create_journal_handler);
  add(Method::post, "/api/v1/accounting/journals/{id}/archive",
      "Archive a journal (journals are never deleted)", kAccountWrite, TxMode::write, nullptr,
      200, ledger_json::journal_schema(), {"journal_not_found", "journal_last_of_type"},
      archive_journal_handler);
  add(Method::post, "/api/v1/accounting/setup",
      "Install the default chart, journals and current fiscal year", kAccountWrite,
      TxMode::write, nullptr, 201,
      {{"type", "object"}, {"properties", {{"installed", {{"type", "boolean"}}}}}},
      {"chart_already_installed"}, setup_handler);
  add(Method::post, "/api/v1/accounting/entries",
      "Create a draft entry; with \"post\": true post it in the same call", kEntryPost,
      TxMode::write, ledger_json::entry_input_schema(), 201, ledger_json::entry_schema(),
      kPostCodes, create_entry_handler);
  router.add({.method = Method::get, .path = "/api/v1/accounting/entries",
              .summary = "Entries, oldest first, with cursor paging", .tag = "accounting",
              .permission = std::string(kEntryRead), .tx = TxMode::read,
              .query_params = {{"journal_id", "only this journal", {{"type", "integer"}}},
                               {"from", "on or after this date", {{"type", "string"}}},
                               {"to", "on or before this date", {{"type", "string"}}},
                               {"state", "draft or posted", {{"type", "string"}}},
                               {"cursor", "next_cursor of the previous page", {{"type", "string"}}},
                               {"limit", "page size (1..500)", {{"type", "integer"}}}},
              .response_schema = list_schema(ledger_json::entry_schema()),
              .error_codes = {"entry_query_invalid"},
              .handler = list_entries_handler});
  add(Method::get, "/api/v1/accounting/entries/{id}", "One entry with its lines", kEntryRead,
      TxMode::read, nullptr, 200, ledger_json::entry_schema(), {"entry_not_found"},
      get_entry_handler);
  std::vector<std::string> post_codes = kPostCodes;
  post_codes.insert(post_codes.end(), {"entry_not_found", "entry_not_draft"});
  add(Method::post, "/api/v1/accounting/entries/{id}/post", "Post a draft entry", kEntryPost,
      TxMode::write, nullptr, 200, ledger_json::entry_schema(), post_codes, post_entry_handler);
  std::vector<std::string> reverse_codes = kPostCodes;
  reverse_codes.insert(reverse_codes.end(),
                       {"entry_not_found", "entry_not_posted", "entry_already_reversed"});
  add(Method::post, "/api/v1/accounting/entries/{id}/reverse",
      "Post the mirror of a posted entry and link the two", kEntryReverse, TxMode::write,
      {{"type", "object"},
       {"required", {"date"}},
       {"properties", {{"date", {{"type", "string"}, {"format", "date"}}},
                       {"memo", {{"type", "string"}}}}}},
      201, ledger_json::entry_schema(), reverse_codes, reverse_entry_handler);
  register_ledger_admin_routes(router);
}

std::vector<http::PermissionSpec> ledger_permissions() {
  using http::Scope;
  const std::vector<std::pair<std::string, Scope>> accountant = {{"accountant", Scope::all}};
  const std::vector<std::pair<std::string, Scope>> readers = {{"accountant", Scope::all},
                                                              {"manager", Scope::all}};
  return {
      {std::string(kAccountRead), "Read the chart of accounts and journals", false, readers},
      {std::string(kAccountWrite), "Create and archive accounts and journals; install the chart",
       false,
       accountant},
      {std::string(kEntryRead), "Read journal entries", false, readers},
      {std::string(kEntryPost), "Create and post journal entries", false, accountant},
      {std::string(kEntryReverse), "Reverse posted entries", false, accountant},
      {std::string(kPeriodClose), "Create fiscal years, set lock dates, close periods and years",
       false, accountant},
      {std::string(kYearReopen), "Reopen a closed fiscal year", true, {}},
      {std::string(kLockBypass), "Adviser: post before the users' lock date", true, {}},
      {std::string(kRateWrite), "Record exchange rates", false, accountant},
  };
}

}  // namespace keel::accounting::detail
