// Where leads come from besides the API: CSV files and public web forms.
#include <map>
#include <random>

#include "crm_internal.h"
#include "keel/core/assert.h"
#include "keel/core/csv.h"
#include "keel/core/limits.h"
#include "keel/core/utf8.h"

namespace keel::crm::detail {
namespace {

const std::vector<std::string> kImportColumns = {
    "contact_name", "company_name", "email",   "phone",  "website",
    "country",      "employees",    "message", "source", "campaign_code"};

std::string random_token() {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device device;
  std::string token;
  for (int i = 0; i < 32; ++i) token.push_back(kAlphabet[device() % kAlphabet.size()]);
  return token;
}

WebForm form_of(const db::Row& row) {
  WebForm form;
  form.id = WebFormId(row.integer(0));
  form.token = row.text(1);
  form.name = row.text(2);
  if (const auto c = row.optional_integer(3)) form.campaign_id = CampaignId(*c);
  form.owner_id = UserId(row.integer(4));
  if (const auto t = row.optional_integer(5)) form.team_id = TeamId(*t);
  form.submissions_per_hour = row.integer(6);
  form.active = row.integer(7) != 0;
  return form;
}

constexpr std::string_view kFormColumns =
    "id, token, name, campaign_id, owner_id, team_id, submissions_per_hour, active";

// Reads one CSV row into a lead. Problems are added to `errors` as rows/<n>/<column>.
std::optional<LeadInput> read_row(db::Tx& tx, const Actor& actor,
                                  const std::map<std::string, std::size_t>& columns,
                                  const std::vector<std::string>& cells, std::size_t n,
                                  std::vector<FieldError>& errors) {
  const auto cell = [&](const std::string& name) -> std::string {
    const auto found = columns.find(name);
    if (found == columns.end() || found->second >= cells.size()) return {};
    return csv::unneutralise(cells[found->second]);
  };
  const std::string row = "rows/" + std::to_string(n);
  LeadInput input;
  input.contact_name = cell("contact_name");
  input.company_name = cell("company_name");
  input.email = cell("email");
  input.phone = cell("phone");
  input.website = cell("website");
  input.country = cell("country");
  input.message = cell("message");
  input.source = cell("source").empty() ? "import" : cell("source");
  if (const std::string employees = cell("employees"); !employees.empty()) {
    if (employees.size() > 9 || employees.find_first_not_of("0123456789") != std::string::npos) {
      errors.push_back({row + "/employees", "lead_employees_invalid", "a whole number"});
      return std::nullopt;
    }
    input.employees = std::stoll(employees);
  }
  if (const std::string code = cell("campaign_code"); !code.empty()) {
    const auto campaign = campaign_by_code(tx, actor, code);
    if (!campaign.ok() || !*campaign) {
      errors.push_back({row + "/campaign_code", "campaign_not_found", "no campaign " + code});
      return std::nullopt;
    }
    input.campaign_id = **campaign;
  }
  auto valid = validate_lead(input);
  if (!valid.ok()) {
    for (const auto& field : valid.error().fields()) {
      errors.push_back({row + "/" + field.field, field.code, field.message});
    }
    return std::nullopt;
  }
  return *valid;
}

}  // namespace

Result<ImportReport> import_leads(db::Tx& tx, const Actor& actor, std::string_view text,
                                  bool commit) {
  if (!is_valid_utf8(text)) {
    return Error::validation("import_encoding_invalid", "the file is not UTF-8", "file");
  }
  const auto records = TRY(csv::parse(text, limits::kImportRowsMax + 1));
  if (records.empty()) {
    return Error::validation("import_header_missing", "the first line names the columns", "file");
  }
  std::map<std::string, std::size_t> columns;
  for (std::size_t i = 0; i < records[0].size(); ++i) {
    const std::string& name = records[0][i];
    if (std::find(kImportColumns.begin(), kImportColumns.end(), name) == kImportColumns.end()) {
      return Error::validation("import_column_unknown", "unknown column " + name.substr(0, 64),
                               "file");
    }
    columns[name] = i;
  }
  if (!columns.contains("contact_name")) {
    return Error::validation("import_header_missing", "the header needs contact_name", "file");
  }
  ImportReport report;
  std::vector<LeadInput> rows;
  for (std::size_t n = 1; n < records.size(); ++n) {
    ++report.rows;
    if (auto input = read_row(tx, actor, columns, records[n], n, report.errors)) {
      rows.push_back(std::move(*input));
    }
    if (report.errors.size() >= 1000) break;
  }
  if (!commit) return report;
  if (!report.errors.empty()) {
    return Error(ErrorKind::validation, "import_rows_invalid",
                 "fix the rows listed and import again; nothing was imported", report.errors);
  }
  for (const auto& input : rows) {
    const auto created = TRY(create_lead(tx, actor, input));
    ++report.created;
    if (!created.duplicates.empty()) ++report.duplicates;
  }
  return report;
}

// ---- web forms ---------------------------------------------------------------------------------

Result<WebForm> create_web_form(db::Tx& tx, const Actor& actor, const WebForm& form) {
  if (form.name.empty() || form.name.size() > kTextLengthMax || !is_valid_utf8(form.name)) {
    return Error::validation("form_name_invalid", "a name of 1 to 300 bytes", "name");
  }
  if (form.submissions_per_hour < 1 || form.submissions_per_hour > kFormSubmissionsPerHourMax) {
    return Error::validation("form_rate_invalid", "1 to 10000 submissions per hour and address",
                             "submissions_per_hour");
  }
  TRY(check_user(tx, actor, form.owner_id, "owner_id"));
  if (form.team_id) TRY(check_team(tx, actor, *form.team_id, "team_id"));
  if (form.campaign_id) TRY(check_campaign(tx, actor, *form.campaign_id, "campaign_id"));
  WebForm created = form;
  created.token = random_token();
  created.active = true;
  const auto row = TRY(tx.query_one(
      "INSERT INTO crm_web_forms (company_id, token, name, campaign_id, owner_id, team_id, "
      "submissions_per_hour, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
      {actor.company().value(), created.token, form.name,
       form.campaign_id ? db::Value(form.campaign_id->value()) : db::Value(db::null),
       form.owner_id.value(), form.team_id ? db::Value(form.team_id->value()) : db::Value(db::null),
       form.submissions_per_hour, now_text(actor)}));
  created.id = WebFormId(row->integer(0));
  nlohmann::json after = to_json(created);
  after.erase("token");  // a credential stays out of the audit trail
  TRY(record_change(tx, actor, "create", "crm.web_form", created.id.value(), nullptr, after));
  return created;
}

Result<std::vector<WebForm>> list_web_forms(db::Tx& tx, const Actor& actor) {
  std::vector<WebForm> forms;
  for (const auto& row : TRY(tx.query("SELECT " + std::string(kFormColumns) +
                                          " FROM crm_web_forms WHERE company_id = $1 ORDER BY id",
                                      {actor.company().value()}))) {
    forms.push_back(form_of(row));
  }
  return forms;
}

Result<CountedForm> count_form_submission(db::Tx& tx, const Clock& clock, std::string_view token,
                                          std::string_view remote_address) {
  if (token.size() != 32) return Error::not_found("form_not_found", "no such form");
  const auto row = TRY(tx.query_one(
      "SELECT " + std::string(kFormColumns) + ", company_id FROM crm_web_forms WHERE token = $1",
      {std::string(token)}));
  if (!row || row->integer(7) == 0) return Error::not_found("form_not_found", "no such form");
  const WebForm form = form_of(*row);
  const CompanyId company(row->integer(8));

  // Rate limit per form, remote address and hour, counted in the database so that it holds
  // across restarts and across servers sharing one PostgreSQL.
  const std::string now = format_instant(clock.now());
  const std::string hour = now.substr(0, 13);
  const std::string remote(remote_address.substr(0, 64));
  const auto hits = TRY(tx.query_one(
      "SELECT hits FROM crm_form_hits WHERE form_id = $1 AND remote = $2 AND hour = $3",
      {form.id.value(), remote, hour}));
  if (hits && hits->integer(0) >= form.submissions_per_hour) {
    const int minute = std::stoi(now.substr(14, 2));
    return Error(ErrorKind::rate_limited, "form_rate_limited",
                 "too many submissions from this address; try again later")
        .set_retry_after_s((60 - minute) * 60);
  }
  if (hits) {
    TRY(
        tx.execute("UPDATE crm_form_hits SET hits = hits + 1 WHERE form_id = $1 AND remote = $2 "
                   "AND hour = $3",
                   {form.id.value(), remote, hour}));
  } else {
    TRY(tx.execute("DELETE FROM crm_form_hits WHERE form_id = $1 AND hour < $2",
                   {form.id.value(), hour}));
    TRY(tx.execute("INSERT INTO crm_form_hits (form_id, remote, hour, hits) VALUES ($1, $2, $3, 1)",
                   {form.id.value(), remote, hour}));
  }
  return CountedForm{form, company};
}

Result<FormOutcome> file_form_submission(db::Tx& tx, const Clock& clock, const CountedForm& counted,
                                         const FormSubmission& submission) {
  const WebForm& form = counted.form;
  const CompanyId company = counted.company;
  // A filled honeypot is a robot: it is told the submission was accepted and nothing is kept,
  // so it learns nothing to adapt to.
  if (!submission.trap.empty()) return FormOutcome{};

  if (submission.email.empty() && submission.phone.empty()) {
    return Error(ErrorKind::validation, "input_invalid", "the form is not valid",
                 {{"email", "form_contact_missing", "give an email address or a phone number"}});
  }
  Actor actor = TRY(Actor::system(tx, company, form.owner_id, clock));
  LeadInput input;
  input.contact_name = submission.name;
  input.company_name = submission.company;
  input.email = submission.email;
  input.phone = submission.phone;
  input.message = submission.message;
  input.source = "web_form";
  input.campaign_id = form.campaign_id;
  if (!submission.campaign_code.empty() && submission.campaign_code.size() <= 64) {
    if (const auto tracked = TRY(campaign_by_code(tx, actor, submission.campaign_code))) {
      input.campaign_id = *tracked;
    }
  }
  input.owner_id = form.owner_id;
  input.team_id = form.team_id;
  const auto created = TRY(create_lead(tx, actor, input, form.id));
  ActivityInput message;
  message.kind = "web_form";
  message.subject = form.name;
  message.body = submission.message;
  message.direction = "inbound";
  message.lead_id = created.lead.id;
  TRY(log_activity(tx, actor, message));
  return FormOutcome{created.lead.id};
}

}  // namespace keel::crm::detail
