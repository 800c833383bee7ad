// JSON of the pipeline part, as the API returns it. Amounts are decimal strings in the
// company currency, named by a "currency" member beside them.
#include "crm_internal.h"

namespace keel::crm::detail {
namespace {

using nlohmann::json;

json id_or_null(const auto& id) { return id ? json(id->value()) : json(nullptr); }
json text_or_null(const std::optional<std::string>& text) {
  return text ? json(*text) : json(nullptr);
}

}  // namespace

json to_json(const Lead& lead) {
  const auto& in = lead.input;
  return {{"id", lead.id.value()},
          {"contact_name", in.contact_name},
          {"company_name", in.company_name},
          {"email", in.email},
          {"phone", in.phone},
          {"website", in.website},
          {"country", in.country},
          {"employees", in.employees ? json(*in.employees) : json(nullptr)},
          {"message", in.message},
          {"source", in.source},
          {"campaign_id", id_or_null(in.campaign_id)},
          {"form_id", id_or_null(lead.form_id)},
          {"owner_id", lead.owner_id.value()},
          {"team_id", id_or_null(in.team_id)},
          {"state", lead.state},
          {"score", lead.score},
          {"disqualify_reason", lead.disqualify_reason},
          {"partner_id", id_or_null(lead.partner_id)},
          {"opportunity_id", id_or_null(lead.opportunity_id)},
          {"created_at", lead.created_at},
          {"updated_at", lead.updated_at},
          {"version", lead.version}};
}

json to_json(const Duplicate& duplicate) {
  return {{"kind", duplicate.kind},
          {"id", duplicate.id},
          {"name", duplicate.name},
          {"match", duplicate.match}};
}

json to_json(const Opportunity& o) {
  return {{"id", o.id.value()},
          {"title", o.title},
          {"partner_id", id_or_null(o.partner_id)},
          {"lead_id", id_or_null(o.lead_id)},
          {"stage_id", o.stage_id.value()},
          {"state", o.state},
          {"expected_revenue", o.expected_revenue.to_string()},
          {"currency", std::string(o.expected_revenue.currency().code())},
          {"probability", o.probability},
          {"close_date", o.close_date.to_string()},
          {"owner_id", o.owner_id.value()},
          {"team_id", id_or_null(o.team_id)},
          {"campaign_id", id_or_null(o.campaign_id)},
          {"quote_id", id_or_null(o.quote_id)},
          {"lost_reason", o.lost_reason},
          {"created_at", o.created_at},
          {"closed_at", text_or_null(o.closed_at)},
          {"version", o.version}};
}

json to_json(const Stage& stage) {
  return {{"id", stage.id.value()},       {"name", stage.name},
          {"sequence", stage.sequence},   {"probability", stage.probability},
          {"committed", stage.committed}, {"version", stage.version}};
}

json to_json(const Team& team) {
  json members = json::array();
  for (const UserId member : team.members) members.push_back(member.value());
  return {{"id", team.id.value()},
          {"name", team.name},
          {"leader_id", team.leader_id.value()},
          {"members", members},
          {"version", team.version}};
}

json to_json(const Campaign& campaign) {
  return {{"id", campaign.id.value()},
          {"name", campaign.name},
          {"code", campaign.code},
          {"channel", campaign.channel},
          {"budget", campaign.budget.to_string()},
          {"currency", std::string(campaign.budget.currency().code())},
          {"starts_on", campaign.starts_on ? json(campaign.starts_on->to_string()) : json(nullptr)},
          {"ends_on", campaign.ends_on ? json(campaign.ends_on->to_string()) : json(nullptr)},
          {"state", campaign.state},
          {"version", campaign.version}};
}

json to_json(const Activity& a) {
  const auto& in = a.input;
  return {{"id", a.id.value()},
          {"kind", in.kind},
          {"subject", in.subject},
          {"body", in.body},
          {"direction", in.direction},
          {"channel", in.channel},
          {"partner_id", id_or_null(in.partner_id)},
          {"opportunity_id", id_or_null(in.opportunity_id)},
          {"lead_id", id_or_null(in.lead_id)},
          {"user_id", a.user_id.value()},
          {"due_date", in.due_date ? json(in.due_date->to_string()) : json(nullptr)},
          {"starts_at", text_or_null(in.starts_at)},
          {"ends_at", text_or_null(in.ends_at)},
          {"done_at", text_or_null(a.done_at)},
          {"message_id", text_or_null(in.message_id)},
          {"overdue", a.overdue},
          {"created_at", a.created_at},
          {"version", a.version}};
}

json to_json(const WebForm& form) {
  return {{"id", form.id.value()},
          {"token", form.token},
          {"name", form.name},
          {"campaign_id", id_or_null(form.campaign_id)},
          {"owner_id", form.owner_id.value()},
          {"team_id", id_or_null(form.team_id)},
          {"submissions_per_hour", form.submissions_per_hour},
          {"active", form.active}};
}

json to_json(const ScoringRule& rule) {
  return {
      {"kind", rule.kind}, {"field", rule.field}, {"value", rule.value}, {"points", rule.points}};
}

json to_json(const ForecastRow& row) {
  return {{"group", row.group},
          {"group_id", row.group_id},
          {"month", row.month},
          {"pipeline", row.pipeline.to_string()},
          {"weighted", row.weighted.to_string()},
          {"committed", row.committed.to_string()},
          {"won", row.won.to_string()},
          {"quota", row.quota ? json(row.quota->to_string()) : json(nullptr)},
          {"attainment_percent", text_or_null(row.attainment_percent)}};
}

json to_json(const Quota& quota) {
  return {{"user_id", quota.user_id.value()},
          {"month", quota.month},
          {"amount", quota.amount.to_string()},
          {"currency", std::string(quota.amount.currency().code())}};
}

json to_json(const Pipeline& pipeline) {
  json columns = json::array();
  for (const auto& column : pipeline.columns) {
    json cards = json::array();
    for (const auto& card : column.cards) cards.push_back(to_json(card));
    columns.push_back({{"stage", to_json(column.stage)},
                       {"count", column.count},
                       {"expected", column.expected.to_string()},
                       {"weighted", column.weighted.to_string()},
                       {"cards", cards}});
  }
  const std::int64_t closed = pipeline.won_count + pipeline.lost_count;
  // Win rate in per mille, half up, shown with one decimal; null before anything closed.
  json win_rate = nullptr;
  if (closed > 0) {
    const std::int64_t per_mille = (pipeline.won_count * 2000 + closed) / (2 * closed);
    win_rate = std::to_string(per_mille / 10) + "." + std::to_string(per_mille % 10);
  }
  return {{"columns", columns},
          {"currency", std::string(pipeline.expected.currency().code())},
          {"expected", pipeline.expected.to_string()},
          {"weighted", pipeline.weighted.to_string()},
          {"won_count", pipeline.won_count},
          {"lost_count", pipeline.lost_count},
          {"won", pipeline.won.to_string()},
          {"win_rate_percent", win_rate}};
}

}  // namespace keel::crm::detail
