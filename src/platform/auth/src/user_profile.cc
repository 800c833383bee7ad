// Changing users: the admin's PATCH, the user's own preferences, and the signed-in profile.

#include "auth_internal.h"
#include "keel/audit/audit.h"
#include "keel/core/assert.h"
#include "keel/core/limits.h"

namespace keel::auth::detail {
namespace {

Result<void> validate_changes(const Actor& actor, UserId user_id, const UserChanges& changes) {
  if (changes.name && (changes.name->empty() || changes.name->size() > limits::kNameLengthMax)) {
    return Error::validation("user_name_invalid", "a user name needs 1 to 300 bytes", "name");
  }
  if (changes.language && !is_supported_language(*changes.language)) {
    return Error::validation("language_unsupported", "language must be en, fa, he, zh or lt",
                             "language");
  }
  // An administrator who disables their own account locks themselves out mid-request.
  if (changes.disabled.value_or(false) && user_id == actor.user_id) {
    return Error::validation("user_cannot_disable_self", "you cannot disable your own account",
                             "disabled");
  }
  return Ok{};
}

}  // namespace

Result<UserView> update_user(db::Tx& tx, const Clock& clock, const Actor& actor, UserId user_id,
                             const UserChanges& changes) {
  TRY(validate_changes(actor, user_id, changes));
  const UserView before = TRY(get_user(tx, actor.company_id, user_id));
  if (before.version != changes.version) {
    return Error::conflict("version_conflict",
                           "the user was changed by someone else; reload and retry");
  }
  std::optional<std::vector<std::int64_t>> roles;
  if (changes.roles) roles = TRY(role_ids(tx, actor.company_id, *changes.roles));
  // The version in the WHERE clause makes the check and the write one atomic step even
  // when two requests read the same version concurrently.
  const std::int64_t updated = TRY(tx.execute(
      "UPDATE auth_users SET name = $1, language = $2, disabled = $3, version = version + 1 "
      "WHERE id = $4 AND company_id = $5 AND version = $6",
      {changes.name.value_or(before.name), changes.language.value_or(before.language),
       std::int64_t{changes.disabled.value_or(before.disabled) ? 1 : 0}, user_id.value(),
       actor.company_id.value(), changes.version}));
  if (updated != 1) {
    return Error::conflict("version_conflict",
                           "the user was changed by someone else; reload and retry");
  }
  if (roles) {
    TRY(tx.execute("DELETE FROM auth_user_roles WHERE user_id = $1", {user_id.value()}));
    for (std::int64_t role_id : *roles) {
      TRY(tx.execute("INSERT INTO auth_user_roles (user_id, role_id) VALUES ($1, $2)",
                     {user_id.value(), role_id}));
    }
  }
  const UserView after = TRY(get_user(tx, actor.company_id, user_id));
  TRY(audit::record(tx, clock,
                    {.company_id = actor.company_id,
                     .user_id = actor.user_id,
                     .action = "update",
                     .entity = "auth.user",
                     .entity_id = std::to_string(user_id.value()),
                     .before = user_json(before),
                     .after = user_json(after),
                     .request_id = actor.request_id}));
  return after;
}

Result<void> update_preferences(db::Tx& tx, const Clock& clock, const Actor& actor,
                                const Preferences& preferences) {
  if (preferences.language && !is_supported_language(*preferences.language)) {
    return Error::validation("language_unsupported", "language must be en, fa, he, zh or lt",
                             "language");
  }
  if (preferences.calendar && !is_supported_calendar(*preferences.calendar)) {
    return Error::validation("calendar_invalid", "calendar must be gregorian or persian",
                             "calendar");
  }
  const UserView before = TRY(get_user(tx, actor.company_id, actor.user_id));
  nlohmann::json stored = before.preferences;
  if (preferences.number_format) stored["number_format"] = *preferences.number_format;
  if (preferences.date_format) stored["date_format"] = *preferences.date_format;
  if (preferences.calendar) stored["calendar"] = *preferences.calendar;
  const std::string language = preferences.language.value_or(before.language);
  // Preferences are the user's own and last-writer-wins: they do not bump `version`, so an
  // administrator's pending edit of the same user does not conflict with them.
  TRY(tx.execute("UPDATE auth_users SET language = $1, preferences_json = $2 WHERE id = $3",
                 {language, stored.dump(), actor.user_id.value()}));
  TRY(audit::record(tx, clock,
                    {.company_id = actor.company_id,
                     .user_id = actor.user_id,
                     .action = "update_preferences",
                     .entity = "auth.user",
                     .entity_id = std::to_string(actor.user_id.value()),
                     .before = {{"language", before.language}, {"preferences", before.preferences}},
                     .after = {{"language", language}, {"preferences", stored}},
                     .request_id = actor.request_id}));
  return Ok{};
}

Result<nlohmann::json> me_json(db::Tx& tx, CompanyId company_id, UserId user_id) {
  const UserView user = TRY(get_user(tx, company_id, user_id));
  const CompanyView company = TRY(get_company(tx, company_id));
  const Access access = TRY(load_access(tx, user_id));
  nlohmann::json permissions = nlohmann::json::object();
  for (const auto& [code, scope] : access.permissions) permissions[code] = http::to_string(scope);
  return nlohmann::json{{"id", user.id.value()},
                        {"email", user.email},
                        {"name", user.name},
                        {"language", user.language},
                        {"preferences", user.preferences},
                        {"roles", access.roles},
                        {"permissions", std::move(permissions)},
                        {"company",
                         {{"id", company.id.value()},
                          {"name", company.name},
                          {"currency", company.currency},
                          {"calendar", company.calendar}}}};
}

}  // namespace keel::auth::detail
