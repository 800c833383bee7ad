// Demo data of the pipeline part: a pipeline someone could work with on the first login.
#include "crm_internal.h"

namespace keel::crm {
namespace {

struct DemoLead {
  const char* contact;
  const char* company;
  const char* email;
  const char* phone;
  const char* country;
  std::int64_t employees;
  const char* source;
};

constexpr DemoLead kLeads[] = {
    {"مریم احمدی", "پارس صنعت", "maryam@pars-sanat.example", "+98 21 8800 1200", "IR", 240,
     "web_form"},
    {"רונית כהן", "כהן טכנולוגיות", "ronit@cohen-tech.example", "+972 3 555 0101", "IL", 35,
     "referral"},
    {"王芳", "杭州云端贸易", "wangfang@yunduan.example", "+86 571 8888 0000", "CN", 1200, "import"},
    {"Rūta Kazlauskienė", "Baltijos Logistika", "ruta@baltlog.example", "+370 5 210 0000", "LT", 80,
     "api"},
    {"James Porter", "Porter & Sons", "james@porter.example", "+44 20 7946 0000", "GB", 12,
     "email"},
    {"Farhad Rahimi", "", "farhad.r@mail.example", "+98 912 000 1111", "IR", 0, "social"},
};

struct DemoDeal {
  const char* title;
  int stage;  // index into the stages
  const char* revenue;
  int close_in_days;
  const char* state;  // open | won | lost
};

constexpr DemoDeal kDeals[] = {
    {"ERP rollout, 40 seats", 0, "48000.00", 20, "open"},
    {"Warehouse scanners", 1, "12500.00", 35, "open"},
    {"Annual support renewal", 2, "9000.00", 10, "open"},
    {"Second site expansion", 3, "64000.00", 45, "open"},
    {"Payroll module add-on", 1, "7200.00", 70, "open"},
    {"Training package", 2, "3400.00", 95, "open"},
    {"Multi-currency upgrade", 0, "15800.00", 120, "open"},
    {"Barcode labels, yearly", 3, "2100.00", -15, "won"},
    {"Point of sale pilot", 2, "5600.00", -40, "won"},
    {"Legacy data migration", 1, "11000.00", -25, "lost"},
};

}  // namespace

Result<void> seed_demo(db::Tx& tx, const Clock& clock, CompanyId company_id, UserId owner,
                       Date today) {
  using namespace detail;
  const Actor actor = TRY(Actor::system(tx, company_id, owner, clock));
  std::vector<Stage> stages;
  const std::pair<const char*, int> kStages[] = {
      {"New", 10}, {"Qualified", 30}, {"Proposal", 60}, {"Negotiation", 80}};
  for (const auto& [name, probability] : kStages) {
    Stage stage;
    stage.name = name;
    stage.probability = probability;
    stage.committed = probability >= 80;
    stages.push_back(TRY(create_stage(tx, actor, stage)));
  }
  Team team;
  team.name = "Direct sales";
  team.leader_id = owner;
  team.members = {owner};
  const Team created_team = TRY(create_team(tx, actor, team));

  Campaign campaign;
  campaign.name = "Autumn trade fair";
  campaign.code = "fair-autumn";
  campaign.channel = "event";
  campaign.budget = TRY(Money::parse("4000.00", actor.context.company_currency));
  campaign.starts_on = TRY(today.add_days(-30));
  campaign.ends_on = TRY(today.add_days(30));
  const Campaign fair = TRY(create_campaign(tx, actor, campaign));

  TRY(replace_scoring_rules(tx, actor,
                            {{"field", "email", "", 10},
                             {"field", "phone", "", 5},
                             {"field", "source", "referral", 20},
                             {"company_size", "", "50", 15},
                             {"company_size", "", "500", 15},
                             {"activity", "", "meeting", 10}}));
  WebForm form;
  form.name = "Website contact form";
  form.owner_id = owner;
  form.team_id = created_team.id;
  form.campaign_id = fair.id;
  form.submissions_per_hour = 20;
  TRY(create_web_form(tx, actor, form));

  std::vector<LeadId> leads;
  for (const auto& demo : kLeads) {
    LeadInput input;
    input.contact_name = demo.contact;
    input.company_name = demo.company;
    input.email = demo.email;
    input.phone = demo.phone;
    input.country = demo.country;
    if (demo.employees > 0) input.employees = demo.employees;
    input.source = demo.source;
    input.team_id = created_team.id;
    if (std::string_view(demo.source) == "web_form") input.campaign_id = fair.id;
    leads.push_back(TRY(create_lead(tx, actor, input)).lead.id);
  }
  TRY(qualify_lead(tx, actor, leads[1], 1));
  TRY(disqualify_lead(tx, actor, leads[5], 1, "Student project, no budget"));
  ConvertRequest convert;
  convert.expected_revenue = "18000.00";
  convert.title = "Plant maintenance software";
  TRY(convert_lead(tx, actor, leads[0], 1, convert));

  partners::ListQuery query;
  query.role = partners::Role::customer;
  query.limit = 10;
  const auto customers =
      TRY(partners::list_parties(tx, partners::Caller::system(company_id, owner), query)).items;
  std::size_t n = 0;
  for (const auto& deal : kDeals) {
    ++n;
    OpportunityInput input;
    input.title = deal.title;
    if (!customers.empty()) input.partner_id = customers[(n - 1) % customers.size()].id;
    input.stage_id = stages[static_cast<std::size_t>(deal.stage)].id;
    input.expected_revenue = deal.revenue;
    input.close_date = TRY(today.add_days(deal.close_in_days));
    input.team_id = created_team.id;
    if (n % 3 == 0) input.campaign_id = fair.id;
    const Opportunity o = TRY(create_opportunity(tx, actor, input));
    if (std::string_view(deal.state) == "won") {
      TRY(win_opportunity(tx, actor, o.id, o.version, std::nullopt));
    } else if (std::string_view(deal.state) == "lost") {
      TRY(lose_opportunity(tx, actor, o.id, o.version, "Chose a cheaper local vendor"));
    }
    ActivityInput call;
    call.kind = "call";
    call.subject = "Discovery call";
    call.body = "Needs, timeline and budget discussed.";
    call.direction = "outbound";
    call.opportunity_id = o.id;
    TRY(log_activity(tx, actor, call));
    if (n <= 3) {
      ActivityInput task;
      task.kind = "task";
      task.subject = n == 1 ? "Send the revised proposal" : "Call back about the pilot";
      task.opportunity_id = o.id;
      task.due_date = TRY(today.add_days(n == 1 ? -2 : 3));
      TRY(log_activity(tx, actor, task));
    }
  }
  for (int month = 0; month < 3; ++month) {
    const auto first = TRY(today.add_days(month * 31));
    Quota quota;
    quota.user_id = owner;
    quota.month = first.to_string().substr(0, 7);
    quota.amount = TRY(Money::parse("50000.00", actor.context.company_currency));
    TRY(set_quota(tx, actor, quota));
  }
  return Ok{};
}

}  // namespace keel::crm
