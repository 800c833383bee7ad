// What every part of CRM shares: the actor, record rules, audit and reference checks.
#include "crm_internal.h"
#include "keel/audit/audit.h"
#include "keel/auth/auth_api.h"
#include "keel/core/assert.h"

namespace keel::crm::detail {

Result<Actor> Actor::system(db::Tx& tx, CompanyId company, UserId user, const Clock& clock) {
  Actor actor(TRY(accounting::Context::system(tx, company, clock)));
  actor.context.user_id = user;
  actor.leads = actor.opportunities = actor.activities = actor.partners = http::Scope::all;
  actor.roles = {"admin"};
  return actor;
}

std::string visible_sql(http::Scope scope, std::string_view owner_column,
                        std::string_view team_column, int user_param) {
  const std::string user = "$" + std::to_string(user_param);
  // The parameter is named even when it does not narrow anything: both engines want every
  // parameter they are given to appear (PostgreSQL also types it from the column).
  if (scope == http::Scope::all)
    return "(" + std::string(owner_column) + " = " + user + " OR 1 = 1)";
  if (scope == http::Scope::none)
    return "(" + std::string(owner_column) + " = " + user + " AND 1 = 0)";
  const std::string led_teams = "SELECT t.id FROM crm_teams t WHERE t.leader_id = " + user;
  std::string sql =
      "(" + std::string(owner_column) + " = " + user + " OR " + std::string(owner_column) +
      " IN (SELECT m.user_id FROM crm_team_members m WHERE m.team_id IN (" + led_teams + "))";
  if (!team_column.empty()) {
    sql += " OR " + std::string(team_column) + " IN (" + led_teams + ")";
  }
  return sql + ")";
}

Result<bool> can_see(db::Tx& tx, const Actor& actor, http::Scope scope, UserId owner,
                     std::optional<TeamId> team) {
  if (scope == http::Scope::all) return true;
  if (scope == http::Scope::none) return false;
  if (owner == actor.user()) return true;
  const auto row = TRY(tx.query_one(
      "SELECT 1 FROM crm_teams t WHERE t.company_id = $1 AND t.leader_id = $2 AND (t.id = $3 "
      "OR t.id IN (SELECT m.team_id FROM crm_team_members m WHERE m.user_id = $4)) LIMIT 1",
      {actor.company().value(), actor.user().value(), team ? team->value() : std::int64_t{0},
       owner.value()}));
  return row.has_value();
}

std::string split_sum_sql(std::string_view column) {
  const std::string c(column);
  return "COALESCE(SUM(" + c + " / 1000000000), 0), COALESCE(SUM(" + c + " % 1000000000), 0)";
}

__int128 split_sum(const db::Row& row, std::size_t column) {
  return static_cast<__int128>(row.integer(column)) * 1'000'000'000 + row.integer(column + 1);
}

Result<Money> money_of_sum(__int128 minor_units, Currency currency) {
  if (minor_units > Money::kMinorUnitsMax || minor_units < -Money::kMinorUnitsMax) {
    return Error::validation("amount_out_of_range", "a total is beyond the range of amounts");
  }
  return Money::from_minor_units(static_cast<std::int64_t>(minor_units), currency);
}

std::string now_text(const Actor& actor) { return format_instant(actor.clock().now()); }

Date today(const Actor& actor) {
  const auto days = std::chrono::floor<std::chrono::days>(actor.clock().now());
  return Date::from_days_since_epoch(days.time_since_epoch().count()).value();
}

Result<void> record_change(db::Tx& tx, const Actor& actor, std::string action, std::string entity,
                           std::int64_t id, nlohmann::json before, nlohmann::json after) {
  return audit::record(
      tx, actor.clock(),
      {actor.company(), actor.user(), std::move(action), std::move(entity), std::to_string(id),
       std::move(before), std::move(after), actor.context.request_id});
}

Result<void> check_user(db::Tx& tx, const Actor& actor, UserId user, std::string field) {
  const auto found = TRY(auth::find_users(tx, actor.company(), {user}));
  if (found.empty() || found.front().disabled) {
    return Error::validation("user_not_found", "no active user " + std::to_string(user.value()),
                             std::move(field));
  }
  return Ok{};
}

Result<void> check_team(db::Tx& tx, const Actor& actor, TeamId team, std::string field) {
  const auto row = TRY(tx.query_one("SELECT 1 FROM crm_teams WHERE id = $1 AND company_id = $2",
                                    {team.value(), actor.company().value()}));
  if (!row) {
    return Error::validation("team_not_found", "no team " + std::to_string(team.value()),
                             std::move(field));
  }
  return Ok{};
}

Result<void> check_campaign(db::Tx& tx, const Actor& actor, CampaignId campaign,
                            std::string field) {
  const auto row = TRY(tx.query_one("SELECT 1 FROM crm_campaigns WHERE id = $1 AND company_id = $2",
                                    {campaign.value(), actor.company().value()}));
  if (!row) {
    return Error::validation("campaign_not_found",
                             "no campaign " + std::to_string(campaign.value()), std::move(field));
  }
  return Ok{};
}

Result<void> check_partner(db::Tx& tx, const Actor& actor, partners::PartyId partner,
                           std::string field) {
  const auto found =
      partners::get_party(tx, partners::Caller::system(actor.company(), actor.user()), partner);
  if (!found.ok()) {
    if (found.error().code() == "party_not_found") {
      return Error::validation("partner_not_found", "no partner " + std::to_string(partner.value()),
                               std::move(field));
    }
    return Error(found.error());
  }
  return Ok{};
}

}  // namespace keel::crm::detail
