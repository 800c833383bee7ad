// Teams, stages and campaigns: what leads and opportunities are filed under.
#include <algorithm>
#include <array>

#include "crm_internal.h"
#include "keel/core/assert.h"
#include "keel/core/utf8.h"

namespace keel::crm::detail {
namespace {

bool name_ok(std::string_view name) {
  return !name.empty() && name.size() <= kTextLengthMax && is_valid_utf8(name);
}

Stage stage_of(const db::Row& row) {
  return Stage{
      StageId(row.integer(0)),          row.text(1),         static_cast<int>(row.integer(2)),
      static_cast<int>(row.integer(3)), row.integer(4) != 0, row.integer(5)};
}

Result<void> validate_stage(const Stage& stage) {
  if (!name_ok(stage.name)) {
    return Error::validation("stage_name_invalid", "a name of 1 to 300 bytes", "name");
  }
  if (stage.probability < 0 || stage.probability > 100) {
    return Error::validation("stage_probability_invalid", "a whole percent from 0 to 100",
                             "probability");
  }
  return Ok{};
}

Campaign campaign_of(const db::Row& row, Currency currency) {
  Campaign campaign;
  campaign.id = CampaignId(row.integer(0));
  campaign.name = row.text(1);
  campaign.code = row.text(2);
  campaign.channel = row.text(3);
  campaign.budget = Money::from_minor_units(row.integer(4), currency).value();
  if (const auto d = row.optional_text(5)) campaign.starts_on = Date::parse(*d).value();
  if (const auto d = row.optional_text(6)) campaign.ends_on = Date::parse(*d).value();
  campaign.state = row.text(7);
  campaign.version = row.integer(8);
  return campaign;
}

}  // namespace

// ---- teams -------------------------------------------------------------------------------------

Result<Team> create_team(db::Tx& tx, const Actor& actor, const Team& team) {
  if (!name_ok(team.name)) {
    return Error::validation("team_name_invalid", "a name of 1 to 300 bytes", "name");
  }
  if (team.members.size() > kTeamMembersMax) {
    return Error::validation("team_members_too_many",
                             "at most " + std::to_string(kTeamMembersMax) + " members", "members");
  }
  TRY(check_user(tx, actor, team.leader_id, "leader_id"));
  std::vector<UserId> members = team.members;
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());
  for (std::size_t i = 0; i < members.size(); ++i) {
    TRY(check_user(tx, actor, members[i], "members/" + std::to_string(i)));
  }
  const auto taken = TRY(tx.query_one("SELECT 1 FROM crm_teams WHERE company_id = $1 AND name = $2",
                                      {actor.company().value(), team.name}));
  if (taken) return Error::conflict("team_name_taken", "a team is already named " + team.name);
  const auto row = TRY(tx.query_one(
      "INSERT INTO crm_teams (company_id, name, leader_id, created_at) VALUES ($1, $2, $3, $4) "
      "RETURNING id",
      {actor.company().value(), team.name, team.leader_id.value(), now_text(actor)}));
  KEEL_ASSERT(row.has_value());
  Team created = team;
  created.id = TeamId(row->integer(0));
  created.members = members;
  for (const UserId member : members) {
    TRY(tx.execute("INSERT INTO crm_team_members (team_id, user_id) VALUES ($1, $2)",
                   {created.id.value(), member.value()}));
  }
  TRY(record_change(tx, actor, "create", "crm.team", created.id.value(), nullptr,
                    to_json(created)));
  return created;
}

Result<std::vector<Team>> list_teams(db::Tx& tx, const Actor& actor) {
  std::vector<Team> teams;
  for (const auto& row : TRY(tx.query("SELECT id, name, leader_id, version FROM crm_teams WHERE "
                                      "company_id = $1 ORDER BY name, id",
                                      {actor.company().value()}))) {
    Team team{TeamId(row.integer(0)), row.text(1), UserId(row.integer(2)), {}, row.integer(3)};
    for (const auto& m : TRY(tx.query("SELECT user_id FROM crm_team_members WHERE team_id = $1 "
                                      "ORDER BY user_id",
                                      {team.id.value()}))) {
      team.members.push_back(UserId(m.integer(0)));
    }
    teams.push_back(std::move(team));
  }
  return teams;
}

// ---- stages ------------------------------------------------------------------------------------

Result<std::vector<Stage>> list_stages(db::Tx& tx, const Actor& actor) {
  std::vector<Stage> stages;
  for (const auto& row : TRY(tx.query("SELECT id, name, sequence, probability, committed, "
                                      "version FROM crm_stages WHERE company_id = $1 AND "
                                      "archived = 0 ORDER BY sequence, id",
                                      {actor.company().value()}))) {
    stages.push_back(stage_of(row));
  }
  return stages;
}

Result<Stage> create_stage(db::Tx& tx, const Actor& actor, const Stage& stage) {
  TRY(validate_stage(stage));
  const auto count = TRY(tx.query_one(
      "SELECT COUNT(*), COALESCE(MAX(sequence), 0) FROM crm_stages WHERE company_id = $1 AND "
      "archived = 0",
      {actor.company().value()}));
  if (count->integer(0) >= static_cast<std::int64_t>(kStagesMax)) {
    return Error::validation("stages_too_many", "at most " + std::to_string(kStagesMax) + " stages",
                             "name");
  }
  const int sequence =
      stage.sequence > 0 ? stage.sequence : static_cast<int>(count->integer(1)) + 10;
  const auto row = TRY(tx.query_one(
      "INSERT INTO crm_stages (company_id, name, sequence, probability, committed) VALUES ($1, "
      "$2, $3, $4, $5) RETURNING id",
      {actor.company().value(), stage.name, std::int64_t{sequence}, std::int64_t{stage.probability},
       std::int64_t{stage.committed ? 1 : 0}}));
  Stage created = stage;
  created.id = StageId(row->integer(0));
  created.sequence = sequence;
  TRY(record_change(tx, actor, "create", "crm.stage", created.id.value(), nullptr,
                    to_json(created)));
  return created;
}

Result<Stage> update_stage(db::Tx& tx, const Actor& actor, StageId id, std::int64_t version,
                           const Stage& stage) {
  const auto before_row = TRY(tx.query_one(
      "SELECT id, name, sequence, probability, committed, version FROM crm_stages WHERE id = $1 "
      "AND company_id = $2 AND archived = 0",
      {id.value(), actor.company().value()}));
  if (!before_row)
    return Error::not_found("stage_not_found", "no stage " + std::to_string(id.value()));
  const Stage before = stage_of(*before_row);
  TRY(validate_stage(stage));
  const int sequence = stage.sequence > 0 ? stage.sequence : before.sequence;
  const auto changed = TRY(tx.execute(
      "UPDATE crm_stages SET name = $1, sequence = $2, probability = $3, committed = $4, "
      "version = version + 1 WHERE id = $5 AND version = $6",
      {stage.name, std::int64_t{sequence}, std::int64_t{stage.probability},
       std::int64_t{stage.committed ? 1 : 0}, id.value(), version}));
  if (changed == 0) return Error::conflict("version_conflict", "the stage changed; reload it");
  Stage after = stage;
  after.id = id;
  after.sequence = sequence;
  after.version = version + 1;
  TRY(record_change(tx, actor, "update", "crm.stage", id.value(), to_json(before), to_json(after)));
  return after;
}

// ---- campaigns ---------------------------------------------------------------------------------

Result<Campaign> create_campaign(db::Tx& tx, const Actor& actor, const Campaign& campaign) {
  static const std::array<std::string_view, 7> kChannels = {"email",   "social", "search", "event",
                                                            "partner", "print",  "other"};
  if (!name_ok(campaign.name)) {
    return Error::validation("campaign_name_invalid", "a name of 1 to 300 bytes", "name");
  }
  const bool code_ok =
      !campaign.code.empty() && campaign.code.size() <= 64 &&
      campaign.code.find_first_not_of(
          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos;
  if (!code_ok) {
    return Error::validation("campaign_code_invalid",
                             "1 to 64 letters, digits, - and _ (it goes into links)", "code");
  }
  if (std::find(kChannels.begin(), kChannels.end(), campaign.channel) == kChannels.end()) {
    return Error::validation("campaign_channel_invalid",
                             "one of email, social, search, event, partner, print, other",
                             "channel");
  }
  if (campaign.starts_on && campaign.ends_on && *campaign.ends_on < *campaign.starts_on) {
    return Error::validation("campaign_dates_invalid", "the campaign ends before it starts",
                             "ends_on");
  }
  if (campaign.budget.is_negative()) {
    return Error::validation("amount_negative", "a budget is not negative", "budget");
  }
  if (TRY(campaign_by_code(tx, actor, campaign.code))) {
    return Error::conflict("campaign_code_taken", "another campaign has the code " + campaign.code);
  }
  const auto row = TRY(tx.query_one(
      "INSERT INTO crm_campaigns (company_id, name, code, channel, budget, starts_on, ends_on, "
      "state, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8) RETURNING id",
      {actor.company().value(), campaign.name, campaign.code, campaign.channel,
       campaign.budget.minor_units(),
       campaign.starts_on ? db::Value(campaign.starts_on->to_string()) : db::Value(db::null),
       campaign.ends_on ? db::Value(campaign.ends_on->to_string()) : db::Value(db::null),
       now_text(actor)}));
  Campaign created = campaign;
  created.id = CampaignId(row->integer(0));
  created.state = "draft";
  TRY(record_change(tx, actor, "create", "crm.campaign", created.id.value(), nullptr,
                    to_json(created)));
  return created;
}

Result<std::vector<Campaign>> list_campaigns(db::Tx& tx, const Actor& actor) {
  std::vector<Campaign> campaigns;
  for (const auto& row : TRY(tx.query("SELECT id, name, code, channel, budget, starts_on, "
                                      "ends_on, state, version FROM crm_campaigns WHERE "
                                      "company_id = $1 ORDER BY id DESC LIMIT 500",
                                      {actor.company().value()}))) {
    campaigns.push_back(campaign_of(row, actor.context.company_currency));
  }
  return campaigns;
}

Result<std::optional<CampaignId>> campaign_by_code(db::Tx& tx, const Actor& actor,
                                                   std::string_view code) {
  const auto row =
      TRY(tx.query_one("SELECT id FROM crm_campaigns WHERE company_id = $1 AND code = $2",
                       {actor.company().value(), std::string(code)}));
  if (!row) return std::optional<CampaignId>{};
  return std::optional<CampaignId>(CampaignId(row->integer(0)));
}

}  // namespace keel::crm::detail
